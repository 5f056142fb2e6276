-- Issue 18, under 100 bytes per recipient: an inbox row was (user name, 20-character letter id, read flag, UID, flags)
-- in a rowid table, and the same names and ids again in its primary key and each of its three indexes: 188 bytes a
-- recipient on each machine. Users and letters now get an integer key, local to this machine (never sent anywhere,
-- never in a digest or a snapshot, which name users and letters as before), and the inbox holds only integers.
--
-- The keys are assigned as the largest so far plus one, by the store's single writer (MailSql.UpsertUser,
-- CopyProtoletterToLetters). A key can come back after its user or letter is gone; the inbox rows of either are gone
-- first (a user's with the user, a letter's body only once no inbox row references it).

ALTER TABLE users ADD COLUMN user_key INTEGER NOT NULL DEFAULT 0;
UPDATE users SET user_key = rowid;
CREATE UNIQUE INDEX users_by_key ON users (user_key);

-- The letters table is rebuilt so that the key comes before the body: reached through the id's index, a column added
-- at the end would sit behind the body, whose overflow pages SQLite would walk to reach it. letters_by_key answers
-- the other way, key to id, from the index alone: IMAP's SELECT reads every letter's id of an inbox through it
-- without touching the letters' own pages. The key is not the rowid, as SQLite's planner would then read each id
-- from the table's row rather than from this index, and nothing but letters_by_key is unique on it for the same
-- reason (a second index on the key alone is the one the planner picks); the single writer keeps the keys unique.
CREATE TABLE letters_keyed (
    letter_id      TEXT    NOT NULL PRIMARY KEY,
    letter_key     INTEGER NOT NULL,
    sender         TEXT    NOT NULL,
    recipients     TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    sent_at        TEXT    NOT NULL,
    submission_key TEXT    NOT NULL UNIQUE,
    size           INTEGER NOT NULL,
    body           TEXT    NOT NULL
);
INSERT INTO letters_keyed (letter_id, letter_key, sender, recipients, subject, sent_at, submission_key, size, body)
SELECT letter_id, rowid, sender, recipients, subject, sent_at, submission_key, size, body FROM letters ORDER BY rowid;
DROP TABLE letters;
ALTER TABLE letters_keyed RENAME TO letters;
CREATE UNIQUE INDEX letters_by_key ON letters (letter_key, letter_id);

-- The inbox is clustered by user and UID (WITHOUT ROWID): IMAP's SELECT is one range of it, in UID order, with every
-- column it needs. The letter's key ends the primary key so that a UID given twice (which the Master never does)
-- could not make one letter's row replace another's. inbox_by_letter keeps one row per user and letter (the
-- conflict a repeated delivery meets) and finds a letter's rows when its body may go. inbox_unread names is_read
-- among its columns: with user_key alone, SQLite's planner answers the unread poll from the primary key's range
-- (every row of the user) instead of this index's first entry.
CREATE TABLE inbox_keyed (
    user_key   INTEGER NOT NULL,
    uid        INTEGER NOT NULL,
    letter_key INTEGER NOT NULL,
    is_read    INTEGER NOT NULL CHECK (is_read IN (0, 1)),
    flags      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_key, uid, letter_key)
) WITHOUT ROWID;
-- The joins keep every row: a user's inbox rows go before the user (Orders.DeleteUserAsync), and a letter's body
-- only once no inbox row references it (MailSql.ReclaimLetter).
INSERT INTO inbox_keyed (user_key, uid, letter_key, is_read, flags)
SELECT u.user_key, i.uid, l.letter_key, i.is_read, i.flags
FROM inbox AS i JOIN users AS u ON u.name = i.user_name JOIN letters AS l ON l.letter_id = i.letter_id;
DROP TABLE inbox;
ALTER TABLE inbox_keyed RENAME TO inbox;
CREATE UNIQUE INDEX inbox_by_letter ON inbox (letter_key, user_key);
CREATE INDEX inbox_unread ON inbox (user_key, is_read, uid) WHERE is_read = 0;

-- Issue 18, under 100 bytes per recipient: users and letters get an integer key, local to this machine (never sent
-- anywhere, never in a digest or a snapshot, which name users and letters as before), and the inbox holds only
-- integers. See the SQLite script of the same number for the why of each part; here no table needs rebuilding but
-- the inbox, since PostgreSQL keeps a large body out of line (TOAST) whichever column comes last.
--
-- The keys are assigned as the largest so far plus one, by the store's single writer (MailSql.UpsertUser,
-- CopyProtoletterToLetters). A key can come back after its user or letter is gone; the inbox rows of either are gone
-- first (a user's with the user, a letter's body only once no inbox row references it).

ALTER TABLE users ADD COLUMN user_key BIGINT NOT NULL DEFAULT 0;
UPDATE users SET user_key = keyed.n
FROM (SELECT name, ROW_NUMBER() OVER (ORDER BY name) AS n FROM users) AS keyed
WHERE keyed.name = users.name;
CREATE UNIQUE INDEX users_by_key ON users (user_key);

ALTER TABLE letters ADD COLUMN letter_key BIGINT NOT NULL DEFAULT 0;
UPDATE letters SET letter_key = keyed.n
FROM (SELECT letter_id, ROW_NUMBER() OVER (ORDER BY letter_id) AS n FROM letters) AS keyed
WHERE keyed.letter_id = letters.letter_id;
CREATE UNIQUE INDEX letters_by_key ON letters (letter_key) INCLUDE (letter_id);
CREATE UNIQUE INDEX letter_keys_by_id ON letters (letter_id) INCLUDE (letter_key);

CREATE TABLE inbox_keyed (
    user_key   BIGINT  NOT NULL,
    uid        BIGINT  NOT NULL,
    letter_key BIGINT  NOT NULL,
    is_read    INTEGER NOT NULL CHECK (is_read IN (0, 1)),
    flags      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_key, uid, letter_key)
);
-- The joins keep every row: a user's inbox rows go before the user (Orders.DeleteUserAsync), and a letter's body
-- only once no inbox row references it (MailSql.ReclaimLetter).
INSERT INTO inbox_keyed (user_key, uid, letter_key, is_read, flags)
SELECT u.user_key, i.uid, l.letter_key, i.is_read, i.flags
FROM inbox AS i JOIN users AS u ON u.name = i.user_name JOIN letters AS l ON l.letter_id = i.letter_id;
DROP TABLE inbox;
ALTER TABLE inbox_keyed RENAME TO inbox;
ALTER INDEX inbox_keyed_pkey RENAME TO inbox_pkey;
CREATE UNIQUE INDEX inbox_by_letter ON inbox (letter_key, user_key);
CREATE INDEX inbox_unread ON inbox (user_key, is_read, uid) WHERE is_read = 0;

-- One machine's full replica of all mail, read and written by MailStore.
-- Times are ISO-8601 text in UTC with seven fractional digits ("O" format), so text order is time order.
-- recipients, members and header columns hold WireSerializer JSON as TEXT.
-- Text compares with SQLite's BINARY collation (UTF-8 byte order); the PostgreSQL script uses "C" to match, so
-- digests computed on either engine walk rows in the same order.

-- Who holds mastership and lieutenancy, as this machine last heard; a single row.
CREATE TABLE cluster_view (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    epoch      INTEGER NOT NULL,
    master     TEXT    NOT NULL,
    lieutenant TEXT    NOT NULL
);

CREATE TABLE users (
    name          TEXT    NOT NULL PRIMARY KEY,
    password_hash TEXT    NOT NULL,
    is_admin      INTEGER NOT NULL CHECK (is_admin IN (0, 1))
);

CREATE TABLE lists (
    name    TEXT NOT NULL PRIMARY KEY,
    members TEXT NOT NULL
);

-- Delivered letters: one row, and so one body, per letter however many inboxes reference it.
CREATE TABLE letters (
    letter_id      TEXT    NOT NULL PRIMARY KEY,
    sender         TEXT    NOT NULL,
    recipients     TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    sent_at        TEXT    NOT NULL,
    submission_key TEXT    NOT NULL UNIQUE,
    size           INTEGER NOT NULL,
    body           TEXT    NOT NULL
);

-- A rowid table on purpose: clustered WITHOUT ROWID, its primary key would cover is_read, and SQLite would then
-- answer the unread poll by walking all of a user's rows instead of probing inbox_unread.
CREATE TABLE inbox (
    user_name TEXT    NOT NULL,
    letter_id TEXT    NOT NULL,
    is_read   INTEGER NOT NULL CHECK (is_read IN (0, 1)),
    PRIMARY KEY (user_name, letter_id)
);

-- Deleting a letter's last inbox row must find its other rows without scanning every inbox.
CREATE INDEX inbox_by_letter ON inbox (letter_id);

-- Unread rows only: the clients' frequent "any new mail?" poll is a single probe of this index.
CREATE INDEX inbox_unread ON inbox (user_name) WHERE is_read = 0;

-- The WorkSpace: letters waiting to be delivered on this machine. seq is arrival order, never reused.
CREATE TABLE protoletters (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    letter_id      TEXT    NOT NULL UNIQUE,
    state          TEXT    NOT NULL CHECK (state IN ('bogus', 'valid')),
    sender         TEXT    NOT NULL,
    recipients     TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    sent_at        TEXT    NOT NULL,
    submission_key TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    body           TEXT    NOT NULL
);

CREATE INDEX protoletters_by_state ON protoletters (state, seq);
CREATE INDEX protoletters_by_submission ON protoletters (submission_key);

-- A protoletter's recipients as rows, so the WorkSpace scan for one user is an index lookup.
CREATE TABLE protoletter_recipients (
    letter_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    PRIMARY KEY (letter_id, user_name)
) WITHOUT ROWID;

CREATE INDEX protoletter_recipients_by_user ON protoletter_recipients (user_name, letter_id);

-- Inbox rows deleted (or deleted before the letter arrived): a repeated delivery must not bring them back.
CREATE TABLE tombstones (
    letter_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    PRIMARY KEY (letter_id, user_name)
) WITHOUT ROWID;

-- MarkRead orders that arrived while the letter still waited in the WorkSpace; delivery starts those rows read.
CREATE TABLE early_reads (
    letter_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    PRIMARY KEY (letter_id, user_name)
) WITHOUT ROWID;

-- The Master's records: letters it holds until every machine has them. Erased at every restart.
CREATE TABLE master_letters (
    letter_id      TEXT NOT NULL PRIMARY KEY,
    submission_key TEXT NOT NULL,
    sent_at        TEXT NOT NULL,
    header         TEXT NOT NULL,
    body           TEXT NOT NULL
);

CREATE INDEX master_letters_by_submission ON master_letters (submission_key);

-- The Lieutenant's records of the Master's pending operations. Erased at every restart.
CREATE TABLE lieutenant_records (
    op_id   TEXT    NOT NULL PRIMARY KEY,
    seq     INTEGER NOT NULL,
    kind    TEXT    NOT NULL,
    payload TEXT    NOT NULL
);

CREATE INDEX lieutenant_records_by_seq ON lieutenant_records (seq);

-- Issue 17, IMAP: every inbox row gets its letter's UID for that user, the same on every machine (assigned by the
-- Master when it orders the letter, carried in its header), and the replicated \Flagged and \Answered flags as a
-- bit set (1 = \Flagged, 2 = \Answered; \Seen stays is_read, whose index answers the poll). Each user gets a
-- UIDVALIDITY (fixed when the user is created) and uid_next, one more than the highest UID ever delivered to them
-- here: it never goes down, so a deleted letter's UID never comes back (RFC 3501 2.3.1.1).
ALTER TABLE inbox ADD COLUMN uid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inbox ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN uid_validity BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN uid_next BIGINT NOT NULL DEFAULT 1;

-- A recipient's UID waits with the protoletter (0 until the Master's order names it: a bogus protoletter).
ALTER TABLE protoletter_recipients ADD COLUMN uid BIGINT NOT NULL DEFAULT 0;

-- The order in which protoletters became valid, that is the order of the Master's orders: delivery follows it, so a
-- letter never becomes visible after one with a higher UID for the same user.
ALTER TABLE protoletters ADD COLUMN valid_seq BIGINT;
UPDATE protoletters SET valid_seq = seq WHERE state = 'valid';
CREATE INDEX protoletters_by_valid_seq ON protoletters (valid_seq) WHERE valid_seq IS NOT NULL;

-- Flag orders that arrived while the letter still waited in the WorkSpace: delivery starts the row with these.
CREATE TABLE early_flags (
    letter_id TEXT COLLATE "C" NOT NULL,
    user_name TEXT COLLATE "C" NOT NULL,
    flags     INTEGER          NOT NULL,
    PRIMARY KEY (letter_id, user_name)
);

-- The letters already delivered: UIDs 1..n per user by sent time, then letter id, which every machine that holds
-- the same letters numbers alike.
UPDATE inbox SET uid = numbered.n
FROM (SELECT i.user_name, i.letter_id, ROW_NUMBER() OVER (PARTITION BY i.user_name ORDER BY l.sent_at, l.letter_id) AS n
      FROM inbox AS i JOIN letters AS l ON l.letter_id = i.letter_id) AS numbered
WHERE numbered.user_name = inbox.user_name AND numbered.letter_id = inbox.letter_id;
UPDATE users SET uid_next = 1 + COALESCE((SELECT MAX(uid) FROM inbox WHERE inbox.user_name = users.name), 0);

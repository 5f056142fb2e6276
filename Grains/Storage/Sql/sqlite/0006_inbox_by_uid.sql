-- Issue 17, SELECT from counts: IMAP's SELECT answers with the number of letters, the first unseen one's place and
-- UIDNEXT before it reads the rows (Inboxes.OpenMailboxAsync). inbox_by_uid lets the place of the first unseen letter
-- be counted as a range of one user's UIDs, and the rows be read in UID order without a sort. inbox_unread gains the
-- UID, so the lowest unseen UID is its first entry; the unread poll still probes it by user_name alone.
CREATE INDEX inbox_by_uid ON inbox (user_name, uid);
DROP INDEX inbox_unread;
CREATE INDEX inbox_unread ON inbox (user_name, uid) WHERE is_read = 0;

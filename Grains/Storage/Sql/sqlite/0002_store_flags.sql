-- Small named facts about the store itself rather than about mail, read and written by MailStore.
-- The first one is 'rebuild_pending': set when a backup is restored (or a rebuild from the other machines is under
-- way) and cleared once the machine has reconciled with them. It lives in the store, not in a file beside it, so
-- it is committed in the same database as the mail it describes and survives exactly as long as that mail does.
-- Not part of a snapshot: it describes this machine's copy, not the cluster's mail.
CREATE TABLE store_flags (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

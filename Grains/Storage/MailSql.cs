namespace Maildriver.Grains.Storage;

/// <summary>
/// The statements <see cref="MailStore"/> runs. Each one is valid on both SQLite and PostgreSQL: <c>@name</c>
/// parameters, <c>ON CONFLICT</c> upserts, flags compared with 0/1 literals (which also lets the partial indexes'
/// predicates match), EXISTS wrapped in CASE so both engines return an integer.
/// </summary>
internal static class MailSql
{
    // The inbox holds integer keys (mail migration 7); statements name users and letters as callers do, and look the
    // keys up here. Each is one probe of a unique index.
    private const string UserKey = "(SELECT user_key FROM users WHERE name = @user)";

    private const string LetterKey = "(SELECT letter_key FROM letters WHERE letter_id = @id)";

    // ---- Cluster view ----

    public const string GetClusterView = "SELECT epoch, master, lieutenant FROM cluster_view WHERE id = 1";

    public const string SetClusterView =
        """
        INSERT INTO cluster_view (id, epoch, master, lieutenant) VALUES (1, @epoch, @master, @lieutenant)
        ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, master = excluded.master, lieutenant = excluded.lieutenant
        """;

    // ---- Users and lists ----

    public const string GetUser = "SELECT name, password_hash, is_admin FROM users WHERE name = @name";

    public const string GetUsers = "SELECT name, password_hash, is_admin FROM users ORDER BY name";

    public const string CountUsers = "SELECT COUNT(*) FROM users";

    public static readonly ChunkedSql ExistingUsers = new(n => $"SELECT name FROM users WHERE name IN ({KeyChunks.InList(n)})");

    // A new user's key is the largest so far plus one (the store has a single writer); an existing user keeps theirs.
    public const string UpsertUser =
        """
        INSERT INTO users (name, password_hash, is_admin, uid_validity, user_key)
        VALUES (@name, @passwordHash, @isAdmin, @uidValidity, (SELECT COALESCE(MAX(user_key), 0) + 1 FROM users))
        ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, is_admin = excluded.is_admin
        """;

    public const string GetUidValidity = "SELECT uid_validity FROM users WHERE name = @user";

    public const string GetUidState = "SELECT uid_validity, uid_next FROM users WHERE name = @user";

    // A user's next UID here: past every UID the inbox holds and past users.uid_next, which keeps the UIDs spent on
    // letters the inbox no longer holds (deleted after delivery, KeepDeletedUid; or before, AdvanceUidNextPastDeleted).
    // Delivery does not write it for the rows it adds: the next UID passes them by construction. MAX(uid) is the end
    // of the user's range of the inbox's primary key, one probe. The users row is the one named u.
    private const string NextUidOfU =
        "(SELECT CASE WHEN MAX(x.uid) >= u.uid_next THEN MAX(x.uid) + 1 ELSE u.uid_next END FROM inbox AS x WHERE x.user_key = u.user_key)";

    public static readonly ChunkedSql GetUidNexts = new(n => $"SELECT u.name, {NextUidOfU} FROM users AS u WHERE u.name IN ({KeyChunks.InList(n)})");

    // After a letter's inbox rows: a recipient who deleted the letter before it came here gets no row, yet the UID the
    // Master gave them is spent, so uid_next passes it. (Every other recipient's UID is its row's. Writing uid_next for
    // all of them, as before, rewrote 10,000 users rows for a 10,000-recipient letter: a third of its delivery.) The IN
    // list is the letter's tombstones, by key: it must not refer to the users row, or SQLite scans every user for
    // each letter (EXPLAIN QUERY PLAN says SCAN users for the correlated form).
    public const string AdvanceUidNextPastDeleted =
        """
        UPDATE users SET uid_next = (SELECT r.uid + 1 FROM protoletter_recipients AS r WHERE r.letter_id = @id AND r.user_name = users.name)
        WHERE name IN (SELECT t.user_name FROM tombstones AS t WHERE t.letter_id = @id)
          AND EXISTS (SELECT 1 FROM protoletter_recipients AS r
                      WHERE r.letter_id = @id AND r.user_name = users.name AND r.uid >= users.uid_next)
        """;

    // Runs before the user's inbox rows go: the letters only this user still references, and their sizes.
    public const string ReclaimLettersOfUser =
        $"""
        DELETE FROM letters
        WHERE letter_key IN (SELECT letter_key FROM inbox WHERE user_key = {UserKey})
          AND NOT EXISTS (SELECT 1 FROM inbox AS other WHERE other.letter_key = letters.letter_key AND other.user_key <> {UserKey})
          AND NOT EXISTS (SELECT 1 FROM protoletters AS p WHERE p.letter_id = letters.letter_id)
        RETURNING size
        """;

    public const string DeleteInboxOfUser = $"DELETE FROM inbox WHERE user_key = {UserKey}";

    public const string DeleteEarlyReadsOfUser = "DELETE FROM early_reads WHERE user_name = @user";

    public const string DeleteEarlyFlagsOfUser = "DELETE FROM early_flags WHERE user_name = @user";

    public const string DeleteUser = "DELETE FROM users WHERE name = @user";

    public const string GetList = "SELECT name, members FROM lists WHERE name = @name";

    public const string GetLists = "SELECT name, members FROM lists ORDER BY name";

    public const string UpsertList =
        """
        INSERT INTO lists (name, members) VALUES (@name, @members)
        ON CONFLICT (name) DO UPDATE SET members = excluded.members
        """;

    public const string DeleteList = "DELETE FROM lists WHERE name = @name";

    // ---- WorkSpace ----

    public const string InsertProtoletter =
        $"""
        INSERT INTO protoletters (state, {MailColumns.Header}, body, valid_seq)
        VALUES (@state, {MailColumns.HeaderValues}, @body,
                CASE WHEN @state = 'valid' THEN (SELECT COALESCE(MAX(valid_seq), 0) + 1 FROM protoletters WHERE valid_seq IS NOT NULL) END)
        ON CONFLICT (letter_id) DO NOTHING
        """;

    public static readonly ChunkedSql InsertProtoletterRecipients =
        new(n => $"INSERT INTO protoletter_recipients (letter_id, user_name) VALUES {KeyChunks.ValuesWith("@id", n)} ON CONFLICT DO NOTHING");

    public static readonly ChunkedSql InsertProtoletterRecipientsWithUids =
        new(n => $"INSERT INTO protoletter_recipients (letter_id, user_name, uid) VALUES {KeyChunks.PairValuesWith("@id", n)} ON CONFLICT DO NOTHING");

    // valid_seq numbers the protoletters in the order they became valid, the order of the Master's orders.
    // Every read of valid_seq says IS NOT NULL so that SQLite may use the partial index protoletters_by_valid_seq:
    // without it MAX(valid_seq) scanned the whole WorkSpace for each letter, and the delivery loop's read sorted every
    // valid protoletter, bodies included (140 and 250 µs at 2,000 protoletters against 2 and 40 µs).
    public const string ValidateProtoletter =
        """
        UPDATE protoletters SET state = 'valid', valid_seq = (SELECT COALESCE(MAX(valid_seq), 0) + 1 FROM protoletters WHERE valid_seq IS NOT NULL)
        WHERE letter_id = @id AND state = 'bogus'
        """;

    public const string IsProtoletter = "SELECT COUNT(*) FROM protoletters WHERE letter_id = @id";

    public const string LetterExists = "SELECT COUNT(*) FROM letters WHERE letter_id = @id";

    public const string GetProtoletterState = "SELECT state FROM protoletters WHERE letter_id = @id";

    public const string GetValidProtoletters =
        $"SELECT {MailColumns.Header}, body FROM protoletters WHERE valid_seq IS NOT NULL AND state = 'valid' ORDER BY valid_seq LIMIT @max";

    // The letter's key is the largest so far plus one (the store has a single writer).
    public const string CopyProtoletterToLetters =
        $"""
        INSERT INTO letters (letter_key, {MailColumns.Header}, body)
        SELECT (SELECT COALESCE(MAX(letter_key), 0) + 1 FROM letters), {MailColumns.Header}, body FROM protoletters WHERE letter_id = @id
        ON CONFLICT (letter_id) DO NOTHING
        RETURNING size
        """;

    // One statement for all of a letter's inbox rows, however many: only registered users, never a deleted row
    // again, read already if the user's MarkRead came first; a recipient without a UID (0: a protoletter of an older
    // build) takes the user's next. (The WHERE clause also keeps SQLite from reading ON CONFLICT as the join's constraint.)
    public const string InsertInboxRows =
        $"""
        INSERT INTO inbox (user_key, uid, letter_key, is_read, flags)
        SELECT u.user_key,
               CASE WHEN r.uid > 0 THEN r.uid ELSE {NextUidOfU} END,
               l.letter_key,
               CASE WHEN EXISTS (SELECT 1 FROM early_reads AS e WHERE e.letter_id = r.letter_id AND e.user_name = r.user_name)
                    THEN 1 ELSE 0 END,
               COALESCE((SELECT f.flags FROM early_flags AS f WHERE f.letter_id = r.letter_id AND f.user_name = r.user_name), 0)
        FROM protoletter_recipients AS r
        JOIN users AS u ON u.name = r.user_name
        JOIN letters AS l ON l.letter_id = r.letter_id
        WHERE r.letter_id = @id
          AND NOT EXISTS (SELECT 1 FROM tombstones AS t WHERE t.letter_id = r.letter_id AND t.user_name = r.user_name)
        ON CONFLICT (letter_key, user_key) DO NOTHING
        """;

    public const string GetProtoletterRecipients = "SELECT user_name FROM protoletter_recipients WHERE letter_id = @id";

    public const string DeleteProtoletterRecipients = "DELETE FROM protoletter_recipients WHERE letter_id = @id";

    public const string DeleteProtoletter = "DELETE FROM protoletters WHERE letter_id = @id";

    public const string DeleteEarlyReadsOfLetter = "DELETE FROM early_reads WHERE letter_id = @id";

    public const string DeleteEarlyFlagsOfLetter = "DELETE FROM early_flags WHERE letter_id = @id";

    // A body stays while an inbox row or a protoletter still needs it. Its size goes from the machine's figures.
    public const string ReclaimLetter =
        """
        DELETE FROM letters
        WHERE letter_id = @id
          AND NOT EXISTS (SELECT 1 FROM inbox WHERE inbox.letter_key = letters.letter_key)
          AND NOT EXISTS (SELECT 1 FROM protoletters WHERE letter_id = @id)
        RETURNING size
        """;

    public const string FindProtolettersForUser =
        """
        SELECT p.letter_id, p.state
        FROM protoletter_recipients AS r
        JOIN protoletters AS p ON p.letter_id = r.letter_id
        WHERE r.user_name = @user
        ORDER BY p.seq
        """;

    public static readonly ChunkedSql GetProtoletterStates = new(n => $"SELECT letter_id, state FROM protoletters WHERE letter_id IN ({KeyChunks.InList(n)})");

    public const string DeleteBogusRecipients =
        "DELETE FROM protoletter_recipients WHERE letter_id IN (SELECT letter_id FROM protoletters WHERE state = 'bogus')";

    public const string DeleteBogus = "DELETE FROM protoletters WHERE state = 'bogus'";

    public const string FindLetter = $"SELECT {MailColumns.Header}, body FROM letters WHERE letter_id = @id";

    public const string FindProtoletter = $"SELECT {MailColumns.Header}, body FROM protoletters WHERE letter_id = @id";

    public const string FindMasterLetter = "SELECT header, body FROM master_letters WHERE letter_id = @id";

    public const string LetterIdBySubmission = "SELECT letter_id FROM letters WHERE submission_key = @key";

    public const string ProtoletterIdBySubmission = "SELECT letter_id FROM protoletters WHERE submission_key = @key";

    public const string MasterLetterIdBySubmission = "SELECT letter_id FROM master_letters WHERE submission_key = @key";

    // ---- Orders on one inbox row ----

    private const string InboxRow = $"letter_key = {LetterKey} AND user_key = {UserKey}";

    public const string DeleteInboxRow = $"DELETE FROM inbox WHERE {InboxRow}";

    // Before DeleteInboxRow: the row's UID stays spent once the row is gone (see NextUidOfU), if it is the highest.
    public const string KeepDeletedUid =
        $"""
        UPDATE users SET uid_next = (SELECT uid + 1 FROM inbox WHERE {InboxRow})
        WHERE name = @user AND EXISTS (SELECT 1 FROM inbox WHERE {InboxRow} AND uid >= users.uid_next)
        """;

    public const string HasTombstone = "SELECT COUNT(*) FROM tombstones WHERE letter_id = @id AND user_name = @user";

    public const string HasLetter = "SELECT COUNT(*) FROM letters WHERE letter_id = @id";

    public const string AddTombstone = "INSERT INTO tombstones (letter_id, user_name) VALUES (@id, @user) ON CONFLICT DO NOTHING";

    public const string DeleteEarlyRead = "DELETE FROM early_reads WHERE letter_id = @id AND user_name = @user";

    public const string DeleteEarlyFlags = "DELETE FROM early_flags WHERE letter_id = @id AND user_name = @user";

    // Flags are bits (LetterFlags); @on is 1 to set @flags, 0 to clear them. Plain arithmetic, the same on both engines:
    // setting adds the bits not yet set, clearing takes away those that are.
    public const string SetFlags =
        $"""
        UPDATE inbox SET flags = CASE WHEN @on = 1 THEN flags | @flags ELSE flags & ~@flags END
        WHERE {InboxRow}
        """;

    // Only while the letter waits in the WorkSpace: delivery then starts the row with them.
    public const string AddEarlyFlags =
        """
        INSERT INTO early_flags (letter_id, user_name, flags)
        SELECT letter_id, @user, CASE WHEN @on = 1 THEN @flags ELSE 0 END FROM protoletters WHERE letter_id = @id
        ON CONFLICT (letter_id, user_name) DO UPDATE
        SET flags = CASE WHEN @on = 1 THEN early_flags.flags | @flags ELSE early_flags.flags & ~@flags END
        """;

    public const string MarkRead = $"UPDATE inbox SET is_read = 1 WHERE {InboxRow}";

    public const string MarkUnread = $"UPDATE inbox SET is_read = 0 WHERE {InboxRow}";

    // Only while the letter waits in the WorkSpace: delivery then consumes the mark. Anywhere else there is no row to mark.
    public const string AddEarlyRead =
        "INSERT INTO early_reads (letter_id, user_name) SELECT letter_id, @user FROM protoletters WHERE letter_id = @id ON CONFLICT DO NOTHING";

    // ---- Inbox ----

    private const string InboxColumns =
        "l.letter_id, l.sender, l.recipients, l.subject, l.sent_at, l.submission_key, l.size, i.is_read, i.uid, i.flags";

    public const string ListInbox =
        $"""
        SELECT {InboxColumns}
        FROM inbox AS i JOIN letters AS l ON l.letter_key = i.letter_key
        WHERE i.user_key = {UserKey}
        ORDER BY l.sent_at, l.letter_id
        """;

    public const string ListInboxWithBodies =
        $"""
        SELECT {InboxColumns}, l.body
        FROM inbox AS i JOIN letters AS l ON l.letter_key = i.letter_key
        WHERE i.user_key = {UserKey}
        ORDER BY l.sent_at, l.letter_id
        """;

    // SELECT's counts (MailboxRead): always one row, NULLs for a user unknown here or an inbox with no (unread)
    // letter. The counts walk the user's range of the inbox's primary key; the lowest unseen UID is inbox_unread's first.
    public const string CountMailbox =
        $"""
        SELECT (SELECT uid_validity FROM users WHERE name = @user),
               (SELECT uid_next FROM users WHERE name = @user),
               (SELECT COUNT(*) FROM inbox WHERE user_key = {UserKey}),
               (SELECT MAX(uid) FROM inbox WHERE user_key = {UserKey}),
               (SELECT MIN(uid) FROM inbox WHERE user_key = {UserKey} AND is_read = 0)
        """;

    // The place of the first unseen letter: the letters below its UID, a range of the inbox's primary key.
    public const string CountInboxBelowUid = $"SELECT COUNT(*) FROM inbox WHERE user_key = {UserKey} AND uid < @uid";

    // A user who has a letter here, any one, for the IMAP warm-up (StoreWarmUpLogin): the first row the scan meets.
    public const string AnyRecipient = "SELECT name FROM users WHERE user_key = (SELECT user_key FROM inbox LIMIT 1)";

    // IMAP's SELECT: the user's range of the inbox's primary key, in UID order (no sort), each letter's id from
    // letters_by_key alone. Joining each to its letter's row for size and time read a page of the letters table per
    // letter, most of a 10,000-letter SELECT; FETCH and SEARCH ask for those when they need them.
    public const string ExamineInbox =
        $"""
        SELECT l.letter_id, i.uid, i.is_read, i.flags
        FROM inbox AS i JOIN letters AS l ON l.letter_key = i.letter_key
        WHERE i.user_key = {UserKey}
        ORDER BY i.uid
        """;

    public const string GetInboxEntry =
        $"""
        SELECT {InboxColumns}, l.body
        FROM inbox AS i JOIN letters AS l ON l.letter_key = i.letter_key
        WHERE l.letter_id = @id AND i.user_key = {UserKey}
        """;

    public const string HasUnread =
        $"SELECT CASE WHEN EXISTS (SELECT 1 FROM inbox WHERE user_key = {UserKey} AND is_read = 0) THEN 1 ELSE 0 END";

    // The first octets of each letter (substr counts octets of a BLOB on SQLite and of a bytea on PostgreSQL; the
    // length is a literal, as PostgreSQL's substr takes an integer, not the bigint a parameter would be): the header
    // section, unless it is longer (Inboxes.GetSummariesAsync then reads the whole message).
    public static readonly ChunkedSql InboxSummaries = new(n =>
        $"""
        SELECT l.letter_id, l.size, substr(l.body, 1, {Inboxes.SummaryPrefixBytes}), l.sent_at
        FROM inbox AS i JOIN letters AS l ON l.letter_key = i.letter_key
        WHERE i.user_key = {UserKey} AND l.letter_id IN ({KeyChunks.InList(n)})
        """);

    public static readonly ChunkedSql FilterInInbox = new(n =>
        $"""
        SELECT l.letter_id
        FROM inbox AS i JOIN letters AS l ON l.letter_key = i.letter_key
        WHERE i.user_key = {UserKey} AND l.letter_id IN ({KeyChunks.InList(n)})
        """);

    // ---- Master and Lieutenant records ----

    public const string UpsertMasterLetter =
        """
        INSERT INTO master_letters (letter_id, submission_key, sent_at, header, body) VALUES (@id, @submissionKey, @sentAt, @header, @body)
        ON CONFLICT (letter_id) DO UPDATE SET
            submission_key = excluded.submission_key, sent_at = excluded.sent_at, header = excluded.header, body = excluded.body
        """;

    public const string DeleteMasterLetter = "DELETE FROM master_letters WHERE letter_id = @id";

    public const string GetMasterLetters = "SELECT header, body FROM master_letters ORDER BY sent_at, letter_id";

    public const string ClearMasterLetters = "DELETE FROM master_letters";

    public const string UpsertLieutenantRecord =
        """
        INSERT INTO lieutenant_records (op_id, seq, kind, payload) VALUES (@opId, @seq, @kind, @payload)
        ON CONFLICT (op_id) DO UPDATE SET seq = excluded.seq, kind = excluded.kind, payload = excluded.payload
        """;

    public const string DeleteLieutenantRecord = "DELETE FROM lieutenant_records WHERE op_id = @opId";

    public const string GetLieutenantRecords = "SELECT op_id, seq, kind, payload FROM lieutenant_records ORDER BY seq, op_id";

    public const string ClearLieutenantRecords = "DELETE FROM lieutenant_records";

    // ---- Digest and stats ----

    public const string DigestLetters = "SELECT letter_id, sender, recipients, subject, sent_at, size, body FROM letters ORDER BY letter_id";

    // By name and id, as before the keys: the keys are this machine's own and differ from one machine to the next.
    public const string DigestInbox =
        """
        SELECT u.name, l.letter_id, i.is_read, i.uid, i.flags
        FROM inbox AS i JOIN users AS u ON u.user_key = i.user_key JOIN letters AS l ON l.letter_key = i.letter_key
        ORDER BY u.name, l.letter_id
        """;

    public const string DigestUidValidities = "SELECT name, uid_validity FROM users ORDER BY name";

    public const string DigestUsers = "SELECT name, is_admin, password_hash FROM users ORDER BY name";

    public const string DigestLists = "SELECT name, members FROM lists ORDER BY name";

    public const string Stats =
        """
        SELECT (SELECT COUNT(*) FROM users),
               (SELECT COUNT(*) FROM letters),
               (SELECT COALESCE(SUM(size), 0) FROM letters),
               (SELECT COUNT(*) FROM inbox),
               (SELECT COUNT(*) FROM protoletters)
        """;
}

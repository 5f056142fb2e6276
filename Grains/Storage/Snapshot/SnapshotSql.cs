namespace Maildriver.Grains.Storage;

/// <summary>
/// The statements a snapshot runs besides <see cref="MailSql"/>'s, valid on SQLite and PostgreSQL alike. Every
/// export query sorts by key, so two snapshots of the same mail are the same lines in the same order.
/// </summary>
internal static class SnapshotSql
{
    public const string MailSchemaVersion = "SELECT MAX(version) FROM schema_migrations WHERE component = @component";

    public const string Letters = $"SELECT {MailColumns.Header}, body FROM letters ORDER BY letter_id";

    public const string Users = "SELECT name, password_hash, is_admin, uid_validity, uid_next FROM users ORDER BY name";

    // By name and id: the store's integer keys are its own, and an import gives the rows keys of the importer's.
    public const string Inbox = MailSql.DigestInbox;

    public const string EarlyFlags = "SELECT letter_id, user_name, flags FROM early_flags ORDER BY letter_id, user_name";

    public const string Tombstones = "SELECT letter_id, user_name FROM tombstones ORDER BY letter_id, user_name";

    public const string EarlyReads = "SELECT letter_id, user_name FROM early_reads ORDER BY letter_id, user_name";

    // Only valid ones: a bogus protoletter is not the cluster's yet (the Master never acknowledged it), and a machine
    // restored from this snapshot must not deliver it.
    // In the order they became valid, the order their delivery follows; an import numbers them so again.
    public const string ValidProtoletterIds = "SELECT letter_id FROM protoletters WHERE state = 'valid' ORDER BY valid_seq";

    public const string ProtoletterRecipients = "SELECT user_name, uid FROM protoletter_recipients WHERE letter_id = @id ORDER BY user_name";

    public const string NumberValidProtoletters = "UPDATE protoletters SET valid_seq = seq WHERE state = 'valid' AND valid_seq IS NULL";

    /// <summary>
    /// A snapshot of format 1 or 2 has no UIDs: its inbox rows are numbered as the store's migration 5 numbers an
    /// older store's (per user by sent time, then letter id), the same on every machine that imports it.
    /// </summary>
    public const string NumberOldInbox =
        """
        UPDATE inbox SET uid = numbered.n
        FROM (SELECT i.user_key, i.letter_key, ROW_NUMBER() OVER (PARTITION BY i.user_key ORDER BY l.sent_at, l.letter_id) AS n
              FROM inbox AS i JOIN letters AS l ON l.letter_key = i.letter_key) AS numbered
        WHERE numbered.user_key = inbox.user_key AND numbered.letter_key = inbox.letter_key
        """;

    public const string NumberOldUidNext =
        "UPDATE users SET uid_next = 1 + COALESCE((SELECT MAX(uid) FROM inbox WHERE inbox.user_key = users.user_key), 0)";

    /// <summary>
    /// What an import empties: the mail and the WorkSpace. The cluster view stays (it is what this machine last
    /// heard, and a rebuild asks the other machines anyway), and so do the rank records: a machine being rebuilt
    /// while it is Lieutenant already holds the Master's records for the running cluster, and a rejoining machine
    /// clears whatever rank records it no longer needs.
    /// </summary>
    public static readonly IReadOnlyList<string> EmptyReplacedTables =
    [
        .. new[]
        {
            "users", "lists", "letters", "inbox", "tombstones", "early_reads", "early_flags", "protoletters", "protoletter_recipients",
        }.Select(table => $"DELETE FROM {table}"),
    ];
}

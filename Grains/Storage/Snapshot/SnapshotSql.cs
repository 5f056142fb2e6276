namespace Maildriver.Grains.Storage;

/// <summary>
/// The statements a snapshot runs besides <see cref="MailSql"/>'s, valid on SQLite and PostgreSQL alike. Every
/// export query sorts by key, so two snapshots of the same mail are the same lines in the same order.
/// </summary>
internal static class SnapshotSql
{
    public const string MailSchemaVersion = "SELECT MAX(version) FROM schema_migrations WHERE component = @component";

    public const string Letters = $"SELECT {MailColumns.Header}, body FROM letters ORDER BY letter_id";

    public const string Inbox = "SELECT user_name, letter_id, is_read FROM inbox ORDER BY user_name, letter_id";

    public const string Tombstones = "SELECT letter_id, user_name FROM tombstones ORDER BY letter_id, user_name";

    public const string EarlyReads = "SELECT letter_id, user_name FROM early_reads ORDER BY letter_id, user_name";

    // Only valid ones: a bogus protoletter is not the cluster's yet (the Master never acknowledged it), and a machine
    // restored from this snapshot must not deliver it.
    public const string ValidProtoletterIds = "SELECT letter_id FROM protoletters WHERE state = 'valid' ORDER BY seq";

    public const string ProtoletterRecipients = "SELECT user_name FROM protoletter_recipients WHERE letter_id = @id ORDER BY user_name";

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
            "users", "lists", "letters", "inbox", "tombstones", "early_reads", "protoletters", "protoletter_recipients",
        }.Select(table => $"DELETE FROM {table}"),
    ];
}

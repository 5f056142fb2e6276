namespace Maildriver.Clustering;

/// <summary>
/// The tables of <see cref="SqliteMembershipTable"/>. One file can hold several clusters (rows are keyed by cluster
/// id). Times are UTC ticks. ETags are random strings: a new one at every write of a row or of the table version.
/// </summary>
internal static class SqliteMembershipSchema
{
    /// <summary>The schema this code writes; kept in <c>PRAGMA user_version</c>.</summary>
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS membership_version (
            cluster_id TEXT NOT NULL PRIMARY KEY,
            version    INTEGER NOT NULL,
            etag       TEXT NOT NULL,
            changed_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS membership_rows (
            cluster_id      TEXT NOT NULL,
            address         TEXT NOT NULL,
            port            INTEGER NOT NULL,
            generation      INTEGER NOT NULL,
            silo_name       TEXT NULL,
            host_name       TEXT NULL,
            status          INTEGER NOT NULL,
            proxy_port      INTEGER NOT NULL,
            suspect_times   TEXT NULL,
            role_name       TEXT NULL,
            update_zone     INTEGER NOT NULL,
            fault_zone      INTEGER NOT NULL,
            start_time      INTEGER NOT NULL,
            i_am_alive_time INTEGER NOT NULL,
            -- The latest of start, I-am-alive and suspect-vote times: what CleanupDefunctSiloEntries ages rows by.
            last_update     INTEGER NOT NULL,
            etag            TEXT NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation)
        );
        """;

    /// <summary>The columns <see cref="SqliteMembershipRows.Read"/> expects, in its order.</summary>
    public const string RowColumns =
        "address, port, generation, silo_name, host_name, status, proxy_port, suspect_times, role_name, update_zone, " +
        "fault_zone, start_time, i_am_alive_time, etag";
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Maildriver.Clustering;

/// <summary>
/// Orleans's membership table over one SQLite file that the silos of a one-host cluster share, each process opening
/// it on its own. The file is in WAL mode; every write is one transaction begun IMMEDIATE (it takes the file's write
/// lock before it reads anything, so its checks and its writes see the same table), and an operation that meets
/// another silo's transaction waits up to <see cref="SqliteClusteringOptions.BusyTimeout"/>.
/// </summary>
/// <remarks>
/// Orleans's contract (<see cref="IMembershipTable"/>), kept exactly: the table version is compare-and-swapped by its
/// ETag in the same transaction as the row's insert or update (and the row's own ETag check), so either all of it
/// happens or none of it; <see cref="InsertRowAsync"/> fails if the row exists or the version's ETag is stale;
/// <see cref="UpdateRowAsync"/> fails if the row is missing, its ETag is stale or the version's ETag is stale;
/// <see cref="ReadAllAsync"/> and <see cref="ReadRowAsync"/> read the version and rows in one snapshot, every row with its ETag;
/// <see cref="UpdateIAmAliveAsync"/> writes only the I-am-alive time (no ETag, no version change: Orleans 10.4's contract
/// asks that heartbeats leave a previously read row ETag usable). Failures of the contract return false; only
/// storage failures throw. Each silo owns its heartbeat: <see cref="UpdateRowAsync"/> (another silo's vote, say, with an
/// entry it read earlier) never moves a row's I-am-alive time back.
/// </remarks>
public sealed partial class SqliteMembershipTable : IMembershipTable
{
    private readonly string _clusterId;
    private readonly string _connectionString;
    private readonly string _databasePath;
    private readonly long _busyTimeoutMs;
    private readonly ILogger _logger;

    /// <summary>The table of the cluster <see cref="ClusterOptions.ClusterId"/>, in the file the options name.</summary>
    public SqliteMembershipTable(
        IOptions<ClusterOptions> clusterOptions,
        IOptions<SqliteClusteringOptions> options,
        ILogger<SqliteMembershipTable> logger)
        : this(options.Value, clusterOptions.Value.ClusterId, logger)
    {
    }

    private SqliteMembershipTable(SqliteClusteringOptions options, string clusterId, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            throw new ArgumentException("SqliteClusteringOptions.DatabasePath is required", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _clusterId = clusterId;
        _databasePath = Path.GetFullPath(options.DatabasePath);
        _busyTimeoutMs = (long)options.BusyTimeout.TotalMilliseconds;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite also retries a busy statement until its command timeout: keep the two together.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>A table outside dependency injection: tests, and tools that read or repair the file.</summary>
    public static SqliteMembershipTable Open(string databasePath, string clusterId, ILogger? logger = null, TimeSpan? busyTimeout = null)
        => new(
            new SqliteClusteringOptions { DatabasePath = databasePath, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(10) },
            clusterId,
            logger ?? NullLogger.Instance);

    /// <summary>The cluster whose rows this table reads and writes.</summary>
    public string ClusterId => _clusterId;

    /// <summary>The full path of the SQLite file.</summary>
    public string DatabasePath => _databasePath;

    /// <inheritdoc />
    public Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        return RunAsync(connection => Initialize(connection, tryInitTableVersion), cancellationToken);
    }

    private int Initialize(SqliteConnection connection, bool tryInitTableVersion)
    {
        // WAL is a property of the file: the first silo sets it, later ones find it set. Outside any transaction.
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL";
            var mode = (string?)wal.ExecuteScalar();
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{_databasePath}: SQLite refused WAL mode (journal_mode is {mode})");
            }
        }

        var created = Write(connection, transaction =>
        {
            var schema = Scalar<long>(connection, transaction, "PRAGMA user_version");
            if (schema > SqliteMembershipSchema.Version)
            {
                throw new InvalidOperationException(
                    $"{_databasePath}: membership schema version {schema} is newer than this silo's ({SqliteMembershipSchema.Version})");
            }

            Execute(connection, transaction, SqliteMembershipSchema.Create);
            Execute(connection, transaction, $"PRAGMA user_version = {SqliteMembershipSchema.Version}");

            var inserted = tryInitTableVersion && Execute(connection, transaction,
                "INSERT OR IGNORE INTO membership_version (cluster_id, version, etag, changed_at) VALUES ($cluster, 0, $etag, $now)",
                ("$cluster", _clusterId), ("$etag", NewETag()), ("$now", DateTime.UtcNow.Ticks)) == 1;
            return (inserted, true);
        });

        if (created)
        {
            LogCreatedTableVersion(_clusterId, _databasePath);
        }

        return 0;
    }

    /// <inheritdoc />
    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default) => RunAsync(connection =>
        Write(connection, transaction =>
        {
            Execute(connection, transaction, "DELETE FROM membership_rows WHERE cluster_id = $cluster", ("$cluster", clusterId));
            Execute(connection, transaction, "DELETE FROM membership_version WHERE cluster_id = $cluster", ("$cluster", clusterId));
            return (0, true);
        }), cancellationToken);

    /// <summary>
    /// Deletes this cluster's rows that are not <see cref="SiloStatus.Active"/> and whose latest start, I-am-alive or
    /// suspect-vote time is before <paramref name="beforeDate"/> (Orleans's ADO.NET table deletes every non-Active
    /// row by its I-am-alive time alone; counting the votes too keeps a silo declared dead recently, as Orleans's
    /// cleanup agent intends). The table version does not change: dead rows leaving changes no silo's view.
    /// </summary>
    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default) => RunAsync(connection =>
    {
        var deleted = Write(connection, transaction => (Execute(connection, transaction,
            "DELETE FROM membership_rows WHERE cluster_id = $cluster AND status <> $active AND last_update < $before",
            ("$cluster", _clusterId), ("$active", (int)SiloStatus.Active), ("$before", SqliteMembershipRows.ToTicks(beforeDate))), true));
        if (deleted > 0)
        {
            LogCleanedUp(deleted, _clusterId, beforeDate);
        }

        return deleted;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default) => RunAsync(connection =>
        Read(connection, transaction =>
        {
            var version = ReadVersion(connection, transaction);
            using var command = Command(connection, transaction,
                $"SELECT {SqliteMembershipSchema.RowColumns} FROM membership_rows " +
                "WHERE cluster_id = $cluster AND address = $address AND port = $port AND generation = $generation");
            SqliteMembershipRows.AddKey(command, _clusterId, key);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new MembershipTableData(SqliteMembershipRows.Read(reader), version)
                : new MembershipTableData(version);
        }), cancellationToken);

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) => RunAsync(connection =>
        Read(connection, transaction =>
        {
            var version = ReadVersion(connection, transaction);
            using var command = Command(connection, transaction,
                $"SELECT {SqliteMembershipSchema.RowColumns} FROM membership_rows WHERE cluster_id = $cluster",
                ("$cluster", _clusterId));
            using var reader = command.ExecuteReader();
            var rows = new List<Tuple<MembershipEntry, string>>();
            while (reader.Read())
            {
                rows.Add(SqliteMembershipRows.Read(reader));
            }

            return new MembershipTableData(rows, version);
        }), cancellationToken);

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return RunAsync(connection => Write(connection, transaction =>
            {
                if (!TrySwapVersion(connection, transaction, tableVersion))
                {
                    return (false, false);
                }

                using var insert = Command(connection, transaction,
                    "INSERT OR IGNORE INTO membership_rows (cluster_id, address, port, generation, silo_name, host_name, status, " +
                    "proxy_port, suspect_times, role_name, update_zone, fault_zone, start_time, i_am_alive_time, last_update, etag) " +
                    "VALUES ($cluster, $address, $port, $generation, $silo_name, $host_name, $status, $proxy_port, $suspect_times, " +
                    "$role_name, $update_zone, $fault_zone, $start_time, $i_am_alive_time, $last_update, $etag)");
                SqliteMembershipRows.AddKey(insert, _clusterId, entry.SiloAddress);
                SqliteMembershipRows.AddValues(insert, entry, NewETag());

                // A row already there: roll back the version swap with it.
                var inserted = insert.ExecuteNonQuery() == 1;
                return (inserted, inserted);
            }), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(etag);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return RunAsync(connection => Write(connection, transaction =>
            {
                if (!TrySwapVersion(connection, transaction, tableVersion))
                {
                    return (false, false);
                }

                using var update = Command(connection, transaction,
                    "UPDATE membership_rows SET silo_name = $silo_name, host_name = $host_name, status = $status, " +
                    "proxy_port = $proxy_port, suspect_times = $suspect_times, role_name = $role_name, update_zone = $update_zone, " +
                    "fault_zone = $fault_zone, start_time = $start_time, " +
                    "i_am_alive_time = max(i_am_alive_time, $i_am_alive_time), last_update = max(last_update, $last_update), " +
                    "etag = $etag " +
                    "WHERE cluster_id = $cluster AND address = $address AND port = $port AND generation = $generation " +
                    "AND etag = $expected_etag");
                SqliteMembershipRows.AddKey(update, _clusterId, entry.SiloAddress);
                SqliteMembershipRows.AddValues(update, entry, NewETag());
                update.Parameters.AddWithValue("$expected_etag", etag);

                // No row, or a row whose ETag moved on: roll back the version swap with it.
                var updated = update.ExecuteNonQuery() == 1;
                return (updated, updated);
            }), cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RunAsync(connection => Write(connection, transaction =>
            {
                using var update = Command(connection, transaction,
                    "UPDATE membership_rows SET i_am_alive_time = $time, last_update = max(last_update, $time) " +
                    "WHERE cluster_id = $cluster AND address = $address AND port = $port AND generation = $generation");
                SqliteMembershipRows.AddKey(update, _clusterId, entry.SiloAddress);
                update.Parameters.AddWithValue("$time", SqliteMembershipRows.ToTicks(entry.IAmAliveTime));
                return (update.ExecuteNonQuery(), true);
            }), cancellationToken);
    }

    // Orleans 10.4 marks the tokenless methods obsolete and calls the ones above; they stay required members.
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion);

    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId);

    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate);

    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key);

    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync();

    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion);

    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion);

    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry);

    /// <summary>
    /// Runs <paramref name="work"/> on a connection of its own on the thread pool (Microsoft.Data.Sqlite's calls are
    /// synchronous, and a write may wait for another silo's lock). A cancelled token stops it before it starts; once
    /// started it runs to its commit or rollback.
    /// </summary>
    private Task<T> RunAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
        => Task.Run(() =>
        {
            using var connection = OpenConnection();
            return work(connection);
        }, cancellationToken);

    /// <summary>
    /// Inside a write transaction: checks the table version's ETag against <paramref name="next"/>'s and, if it
    /// matches, sets the version to <paramref name="next"/>'s number with a new ETag. False, changing nothing, if the
    /// version row is missing, its ETag differs, or the new number would not be greater than the stored one.
    /// </summary>
    private bool TrySwapVersion(SqliteConnection connection, SqliteTransaction transaction, TableVersion next)
        => Execute(connection, transaction,
            "UPDATE membership_version SET version = $version, etag = $etag, changed_at = $now " +
            "WHERE cluster_id = $cluster AND etag = $expected AND version < $version",
            ("$cluster", _clusterId), ("$version", next.Version), ("$etag", NewETag()), ("$now", DateTime.UtcNow.Ticks),
            ("$expected", next.VersionEtag ?? "")) == 1;

    /// <summary>The table version; version 0 with an empty ETag (which no write accepts) if it was never created.</summary>
    private TableVersion ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction,
            "SELECT version, etag FROM membership_version WHERE cluster_id = $cluster", ("$cluster", _clusterId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new TableVersion(reader.GetInt32(0), reader.GetString(1)) : new TableVersion(0, "");
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");

    /// <summary>A connection to the file with this table's settings (busy timeout, synchronous=FULL).</summary>
    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // busy_timeout makes SQLite itself wait for another process's lock; synchronous=FULL makes a committed
            // change survive a power cut in WAL mode (membership writes are rare: a few a second at most).
            // One statement a command: a PRAGMA that sets a value also returns a row.
            Execute(connection, null, $"PRAGMA busy_timeout = {_busyTimeoutMs}");
            Execute(connection, null, "PRAGMA synchronous = FULL");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction begun IMMEDIATE (Microsoft.Data.Sqlite's
    /// <c>BeginTransaction(deferred: false)</c> at the default Serializable level issues <c>BEGIN IMMEDIATE</c>), and
    /// commits or rolls back as it says. An exception rolls back.
    /// </summary>
    internal static T Write<T>(SqliteConnection connection, Func<SqliteTransaction, (T Result, bool Commit)> work)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var (result, commit) = work(transaction);
        if (commit)
        {
            transaction.Commit();
        }
        else
        {
            transaction.Rollback();
        }

        return result;
    }

    /// <summary>Runs <paramref name="work"/> in a read transaction: one snapshot of the file for all its reads.</summary>
    private static T Read<T>(SqliteConnection connection, Func<SqliteTransaction, T> work)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var result = work(transaction);
        transaction.Commit();
        return result;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return (T)command.ExecuteScalar()!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the membership table version row of cluster {ClusterId} in {Path}")]
    private partial void LogCreatedTableVersion(string clusterId, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} defunct silo rows of cluster {ClusterId} last updated before {BeforeDate}")]
    private partial void LogCleanedUp(int count, string clusterId, DateTimeOffset beforeDate);
}

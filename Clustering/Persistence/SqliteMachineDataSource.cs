using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Maildriver.Clustering.Persistence;

/// <summary>
/// The connections Orleans's ADO.NET grain storage gets to a machine's SQLite state file (it opens them through
/// <see cref="DbDataSource.OpenConnectionAsync"/>), each prepared as the machine's own database is: the file in WAL
/// mode, <c>synchronous = FULL</c> (every commit syncs the log: with NORMAL, WAL mode syncs only at checkpoints, and
/// a power cut could lose a write Orleans already reported done) and a busy timeout. Connections come from
/// Microsoft.Data.Sqlite's pool.
/// </summary>
/// <remarks>
/// A pooled connection can come back inside a transaction: Orleans's SQLite write query (Sqlite-Persistence.sql)
/// begins its transaction in its own text, so a statement that fails after that BEGIN (the file's write lock not
/// granted within the busy timeout, a full disk) leaves it open, and Microsoft.Data.Sqlite returns the connection to
/// its pool as it is; every later write on it would fail ("cannot start a transaction within a transaction") and its
/// locks would stay. Each open therefore rolls back a transaction it finds left over.
/// </remarks>
internal sealed class SqliteMachineDataSource : DbDataSource
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _walGate = new(1, 1);
    private volatile bool _walChecked;
    private volatile bool _folderMade;

    /// <summary>Connections to <paramref name="databasePath"/> (its folder is created at the first connection, if missing).</summary>
    public SqliteMachineDataSource(string databasePath, TimeSpan busyTimeout)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite also retries a busy statement, until its command timeout: keep the two together.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
        _pragmas = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};";
    }

    /// <summary>The state file's full path.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public override string ConnectionString => _connectionString;

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection()
    {
        MakeFolder();
        return new SqliteConnection(_connectionString);
    }

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection()
        => OpenDbConnectionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        MakeFolder();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                await ExecuteAsync(connection, "ROLLBACK", cancellationToken);
            }

            await ExecuteAsync(connection, _pragmas, cancellationToken);
            if (!_walChecked)
            {
                await EnableWalAsync(connection, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Pooled connections keep the file open; a silo restarted in this process must start from the file alone.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
            _walGate.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    /// <remarks>
    /// DbDataSource.DisposeAsync calls only Dispose(false), and the silo's container disposes its singletons
    /// asynchronously: without this the pool was never cleared, and a machine restarted in the same process after its
    /// data directory was deleted read its old grain state through a pooled connection to the deleted file.
    /// </remarks>
    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(disposing: true);
        return ValueTask.CompletedTask;
    }

    // Not when the data source is made: Orleans makes its storage providers, and so this, when the host builds its
    // services, before the silo's options are validated and the data directory is claimed. A start refused then
    // must leave no directory behind.
    private void MakeFolder()
    {
        if (!_folderMade)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            _folderMade = true;
        }
    }

    // The journal mode is kept in the file, so once per data source is enough.
    private async Task EnableWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _walGate.WaitAsync(cancellationToken);
        try
        {
            if (_walChecked)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL";
            var mode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken));
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{DatabasePath}: SQLite refused WAL mode (journal_mode is {mode})");
            }

            _walChecked = true;
        }
        finally
        {
            _walGate.Release();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

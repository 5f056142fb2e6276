using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Maildriver.Grains.Storage.Database;

/// <summary>
/// A machine's database as one SQLite file, <c>&lt;dataDir&gt;/maildriver.db</c>, in WAL mode with full
/// synchronous commits. Connections come from Microsoft.Data.Sqlite's pool.
/// </summary>
public sealed class SqliteSiloDatabase : ISiloDatabase
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "maildriver.db";

    /// <summary>How long a connection waits for another writer's lock before failing with SQLITE_BUSY.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    // These settings belong to the connection, not the file, so every connection SQLite opens gets them, once: the
    // pool hands a connection back with them still set, and setting them again cost 4-10 µs per open (three
    // statements parsed), several opens per letter on every machine.
    // synchronous=FULL: in WAL mode NORMAL only syncs the log at checkpoints, so a power cut can lose commits that
    // were already acknowledged; a mail system that said "250 OK" for a message must still have it after the crash.
    private static readonly string ConnectionPragmas =
        $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON;";

    private static readonly object Configured = new();

    private readonly string _connectionString;

    // The native connections that have the settings, by their handle, which the pool keeps for the connection's life;
    // a handle closed and collected leaves the table by itself.
    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();
    private readonly SemaphoreSlim _walLock = new(1, 1);
    private readonly WriteGate _writeGate = new();
    private volatile bool _walEnabled;
    private volatile bool _killed;
    private volatile bool _disposed;

    /// <summary>Uses (and creates if needed) <c>maildriver.db</c> in <paramref name="dataDir"/>, creating the folder.</summary>
    public SqliteSiloDatabase(string dataDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        var folder = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(folder);
        FilePath = Path.Combine(folder, FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    /// <inheritdoc/>
    public string Provider => SiloDatabaseProviders.Sqlite;

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken = default) => _writeGate.EnterAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (!_walEnabled)
        {
            await EnableWalAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var handle = connection.Handle!;
            if (!_configured.TryGetValue(handle, out _))
            {
                await using var command = connection.CreateCommand(ConnectionPragmas);
                await command.ExecuteNonQueryAsync(cancellationToken);
                _configured.AddOrUpdate(handle, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Kill()
    {
        _killed = true;
        ClearPool();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _disposed = true;

        // Pooled connections keep the file open; a silo restarted in this process must start from the file alone.
        ClearPool();
        return ValueTask.CompletedTask;
    }

    // The journal mode is stored in the file, so switching once per instance is enough. WAL lets readers run while
    // a write commits and makes a commit a single append to the log.
    private async Task EnableWalAsync(CancellationToken cancellationToken)
    {
        await _walLock.WaitAsync(cancellationToken);
        try
        {
            if (_walEnabled)
            {
                return;
            }

            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand("PRAGMA journal_mode = WAL;");
            var mode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken));
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL journal mode for {FilePath} (it reports '{mode}').");
            }

            _walEnabled = true;
        }
        finally
        {
            _walLock.Release();
        }
    }

    private void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private void ThrowIfUnusable()
    {
        if (_killed)
        {
            throw new ObjectDisposedException(nameof(SqliteSiloDatabase), $"The database {FilePath} was killed (simulated crash) and accepts no more connections.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
    }
}

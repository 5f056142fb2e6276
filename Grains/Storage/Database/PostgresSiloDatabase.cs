using System.Data.Common;
using Maildriver.Clustering.OrleansSql;
using Npgsql;

namespace Maildriver.Grains.Storage.Database;

/// <summary>
/// A machine's database on a PostgreSQL server, one database per machine. The database is created on first use
/// (through the <c>postgres</c> maintenance database) if it does not exist yet. Every connection commits with
/// <c>synchronous_commit = on</c>, and a server running with <c>fsync = off</c> is refused (see
/// <see cref="PostgresDurability"/>).
/// </summary>
public sealed class PostgresSiloDatabase : ISiloDatabase
{
    /// <summary>The placeholder in the connection string that stands for the machine's name.</summary>
    public const string MachinePlaceholder = "{machine}";

    private readonly string _connectionString;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private readonly WriteGate _writeGate = new();
    private volatile bool _databaseExists;
    private volatile bool _killed;
    private volatile bool _disposed;

    /// <summary>Uses the database <paramref name="connectionString"/> names, with <c>{machine}</c> replaced.</summary>
    /// <param name="connectionString">An Npgsql connection string; it must name a <c>Database</c>.</param>
    /// <param name="machineName">Replaces <c>{machine}</c> in the connection string.</param>
    public PostgresSiloDatabase(string connectionString, string machineName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(machineName);
        _connectionString = connectionString.Replace(MachinePlaceholder, machineName, StringComparison.Ordinal);
        var database = new NpgsqlConnectionStringBuilder(_connectionString).Database;
        if (string.IsNullOrWhiteSpace(database))
        {
            throw new ArgumentException("The PostgreSQL connection string must name a Database (e.g. Database=maildriver_{machine}).", nameof(connectionString));
        }

        DatabaseName = database;

        // Npgsql's default pool of 100 per machine would let three machines on one server exhaust its default 100
        // connections; writes are queued one at a time anyway, so a small pool loses nothing.
        var builder = new NpgsqlConnectionStringBuilder(_connectionString);
        if (!_connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = 16;
        }

        // Per connection, whatever the server's, the role's or the database's default: an acknowledged letter
        // must be on disk before the acknowledgement leaves.
        _dataSource = NpgsqlDataSource.Create(PostgresDurability.WithSynchronousCommit(builder.ConnectionString));
    }

    /// <inheritdoc/>
    public string Provider => SiloDatabaseProviders.Postgres;

    /// <summary>The database's name, with the machine name filled in.</summary>
    public string DatabaseName { get; }

    /// <inheritdoc/>
    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken = default) => _writeGate.EnterAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (!_databaseExists)
        {
            await EnsureDatabaseAsync(cancellationToken);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public void Kill()
    {
        _killed = true;
        _dataSource.Clear();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _dataSource.DisposeAsync();
    }

    /// <summary>Quotes a PostgreSQL identifier, keeping its case: unquoted names would be folded to lower case.</summary>
    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // Once per instance: the database exists, and the server keeps what is committed in it.
    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (_databaseExists)
            {
                return;
            }

            // Trying the database itself first means a role without access to the maintenance database still
            // works once the database exists.
            NpgsqlConnection connection;
            try
            {
                connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                await CreateDatabaseAsync(cancellationToken);
                connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            }

            await using (connection)
            {
                await PostgresDurability.RefuseIfVolatileAsync(connection, "mail", cancellationToken);
            }

            _databaseExists = true;
        }
        finally
        {
            _createLock.Release();
        }
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        // CREATE DATABASE takes no parameters, hence the quoted identifier rather than a bound value.
        await using var command = connection.CreateCommand($"CREATE DATABASE {QuoteIdentifier(DatabaseName)}");
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another process created it between our probe and now; that is what we wanted.
        }
    }

    private void ThrowIfUnusable()
    {
        if (_killed)
        {
            throw new ObjectDisposedException(nameof(PostgresSiloDatabase), $"The database {DatabaseName} was killed (simulated crash) and accepts no more connections.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
    }
}

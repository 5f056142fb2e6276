using System.Data;
using System.Data.Common;
using Maildriver.Grains.Storage.Database;
using Microsoft.Data.Sqlite;

namespace Maildriver.Grains.Storage;

/// <summary>
/// One connection, with at most one transaction, for one <see cref="MailStore"/> call. Commands are kept by their
/// SQL: running the same statement again only rebinds its parameters, and from the second run on it is prepared,
/// so a batch that touches thousands of rows parses and plans each statement once.
/// </summary>
/// <remarks>Parameters are bound by position after the first run, so a statement must always be given the same names in the same order.</remarks>
internal sealed class MailBatch : IAsyncDisposable
{
    private readonly ISiloDatabase _database;
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, ReusedCommand> _commands = new(StringComparer.Ordinal);
    private IDisposable? _writeTurn;

    private MailBatch(ISiloDatabase database, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        _database = database;
        _connection = connection;
        _transaction = transaction;
        _cancellationToken = cancellationToken;
    }

    /// <summary>What this transaction changes in the machine's <see cref="MailFigures"/>: applied when it commits.</summary>
    public MailFiguresChange Change { get; } = new();

    /// <summary>Opens a connection for reads that need no common snapshot.</summary>
    public static Task<MailBatch> ReadAsync(ISiloDatabase database, CancellationToken cancellationToken)
        => OpenAsync(database, Isolation.None, cancellationToken);

    /// <summary>Opens a connection and begins the one write transaction of a mutating call.</summary>
    public static Task<MailBatch> WriteAsync(ISiloDatabase database, CancellationToken cancellationToken)
        => OpenAsync(database, Isolation.Write, cancellationToken);

    /// <summary>Opens a connection whose reads all see the same committed state, without holding up writers; it cannot write.</summary>
    public static Task<MailBatch> SnapshotAsync(ISiloDatabase database, CancellationToken cancellationToken)
        => OpenAsync(database, Isolation.Snapshot, cancellationToken);

    /// <summary>
    /// Runs <paramref name="sql"/> once per key, binding it to <paramref name="parameter"/>, in one write transaction;
    /// nothing for no keys. A null key fails, naming <paramref name="argument"/>, and the transaction rolls back.
    /// </summary>
    public static async Task ExecuteForEachAsync(
        ISiloDatabase database, string sql, string parameter, IReadOnlyCollection<string> keys, string argument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys, argument);
        if (keys.Count == 0)
        {
            return;
        }

        await using var batch = await WriteAsync(database, cancellationToken);
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, argument);
            await batch.ExecuteAsync(sql, (parameter, key));
        }

        await batch.CommitAsync();
    }

    /// <summary>Runs a statement; returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
        => await (await CommandAsync(sql, parameters)).ExecuteNonQueryAsync(_cancellationToken);

    /// <summary>The first column of the first row, or null when there is no row or the value is NULL.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var value = await (await CommandAsync(sql, parameters)).ExecuteScalarAsync(_cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary><paramref name="sql"/>'s text for <paramref name="chunk"/>'s size, run as <see cref="ReaderAsync(string, ValueTuple{string, object}[])"/>.</summary>
    public Task<DbDataReader> ReaderAsync(ChunkedSql sql, KeyChunk chunk) => ReaderAsync(sql.For(chunk.Size), chunk.Parameters);

    /// <summary><paramref name="sql"/>'s text for <paramref name="chunk"/>'s size, run as <see cref="ExecuteAsync(string, ValueTuple{string, object}[])"/>.</summary>
    public Task<int> ExecuteAsync(ChunkedSql sql, KeyChunk chunk) => ExecuteAsync(sql.For(chunk.Size), chunk.Parameters);

    /// <summary>Runs a query; the caller disposes the reader before running the same SQL again.</summary>
    public async Task<DbDataReader> ReaderAsync(string sql, params (string Name, object Value)[] parameters)
        => await (await CommandAsync(sql, parameters)).ExecuteReaderAsync(_cancellationToken);

    /// <summary>
    /// Runs a statement whose <c>RETURNING</c> clause gives one integer per row it changed (a deleted letter's
    /// size); returns how many rows and their sum.
    /// </summary>
    public async Task<(int Rows, long Sum)> ExecuteSummingAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var rows = 0;
        var sum = 0L;
        await using var reader = await ReaderAsync(sql, parameters);
        while (await reader.ReadAsync(_cancellationToken))
        {
            rows++;
            sum += MailColumns.ToInt64(reader.GetValue(0));
        }

        return (rows, sum);
    }

    /// <summary>Commits the write transaction, and then applies its <see cref="Change"/> to the machine's figures.</summary>
    public async Task CommitAsync()
    {
        var transaction = _transaction ?? throw new InvalidOperationException("This batch has no transaction to commit.");
        var figures = MailFigures.Of(_database);
        try
        {
            await transaction.CommitAsync(_cancellationToken);
        }
        catch
        {
            // It may have committed or not (a connection lost mid-commit): the figures are counted again.
            figures.Invalidate();
            throw;
        }

        // Still holding the write turn, which is released on disposal: no count or other commit comes in between.
        figures.Apply(Change);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var reused in _commands.Values)
        {
            await reused.Command.DisposeAsync();
        }

        // An uncommitted transaction rolls back here: a call that failed half way leaves nothing behind.
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
        _writeTurn?.Dispose();
    }

    private static async Task<MailBatch> OpenAsync(ISiloDatabase database, Isolation isolation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);

        // Writers queue here, in-process, before SQLite's own lock (see ISiloDatabase.EnterWriteAsync).
        var writeTurn = isolation == Isolation.Write ? await database.EnterWriteAsync(cancellationToken) : null;
        DbConnection connection;
        try
        {
            connection = await database.OpenConnectionAsync(cancellationToken);
        }
        catch
        {
            writeTurn?.Dispose();
            throw;
        }

        try
        {
            var transaction = isolation switch
            {
                Isolation.None => null,

                // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken up front, so two writers queue
                // instead of both reading and then failing to upgrade.
                Isolation.Write => await connection.BeginTransactionAsync(cancellationToken),

                // A deferred SQLite transaction takes no lock until it reads, then reads one WAL snapshot.
                Isolation.Snapshot when connection is SqliteConnection sqlite => sqlite.BeginTransaction(deferred: true),
                Isolation.Snapshot => await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(isolation), isolation, null),
            };
            if (isolation == Isolation.Snapshot && transaction is not SqliteTransaction)
            {
                // PostgreSQL: the snapshot says it only reads, so a write through it by mistake fails instead of
                // committing. It must be said before the transaction's first query.
                await using var readOnly = connection.CreateCommand();
                readOnly.CommandText = "SET TRANSACTION READ ONLY";
                readOnly.Transaction = transaction;
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }

            return new MailBatch(database, connection, transaction, cancellationToken) { _writeTurn = writeTurn };
        }
        catch
        {
            await connection.DisposeAsync();
            writeTurn?.Dispose();
            throw;
        }
    }

    private async Task<DbCommand> CommandAsync(string sql, (string Name, object Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var reused))
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.DbType = TypeOf(name, value);
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            reused = new ReusedCommand(command);
            _commands.Add(sql, reused);
            return command;
        }

        var existing = reused.Command.Parameters;
        if (existing.Count != parameters.Length)
        {
            throw new InvalidOperationException($"Statement run with {parameters.Length} parameters, first with {existing.Count}: {sql}");
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (existing[i].ParameterName != parameters[i].Name)
            {
                throw new InvalidOperationException($"Parameter {i} is '{parameters[i].Name}', first '{existing[i].ParameterName}': {sql}");
            }

            existing[i].Value = parameters[i].Value;
        }

        // Preparing costs a round trip on PostgreSQL, so only statements that are actually run again pay it.
        if (!reused.Prepared)
        {
            await reused.Command.PrepareAsync(_cancellationToken);
            reused.Prepared = true;
        }

        return reused.Command;
    }

    // Explicit types: a prepared statement's parameter types are fixed, and every value this store binds is one of these.
    private static DbType TypeOf(string name, object value) => value switch
    {
        string => DbType.String,
        long => DbType.Int64,
        int => DbType.Int32,
        byte[] => DbType.Binary,
        _ => throw new ArgumentException($"Parameter {name} has a value of type {value?.GetType().Name ?? "null"}; the mail store binds only strings, integers and bytes (letters' messages)."),
    };

    private enum Isolation
    {
        None,
        Write,
        Snapshot,
    }

    private sealed class ReusedCommand(DbCommand command)
    {
        public DbCommand Command { get; } = command;

        public bool Prepared { get; set; }
    }
}

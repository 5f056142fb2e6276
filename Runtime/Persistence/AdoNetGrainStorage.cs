using System.Data.Common;
using System.Globalization;

namespace Maildriver.Runtime.Persistence;

/// <summary>
/// Grain storage in the <c>grain_state</c> table of the machine's database. The ETag is the record's write count;
/// every operation is one short transaction whose conditional statement decides the race, so the same SQL holds on
/// SQLite (where Microsoft.Data.Sqlite begins IMMEDIATE and writers queue) and on PostgreSQL (where READ COMMITTED
/// re-checks an UPDATE's WHERE clause against the row a concurrent writer committed).
/// </summary>
/// <remarks>
/// Clearing keeps the row with a NULL payload and a bumped ETag instead of deleting it. Were it deleted, the next
/// write would start again at ETag 1 and an activation still holding ETag 1 from before the clear would win a
/// race it lost.
/// </remarks>
public sealed class AdoNetGrainStorage : IGrainStorage
{
    private const string KeyPredicate = "grain_type = @type AND grain_key = @key AND state_name = @name";

    private readonly ISiloDatabase _database;

    /// <summary>Stores state in <paramref name="database"/>, whose runtime migrations must have been applied.</summary>
    public AdoNetGrainStorage(ISiloDatabase database) => _database = database;

    /// <inheritdoc/>
    public async Task<StoredGrainState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT payload, etag FROM grain_state WHERE {KeyPredicate} AND payload IS NOT NULL")
            .WithKey(grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredGrainState(reader.GetString(0), FormatEtag(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
    }

    /// <inheritdoc/>
    public async Task<string> WriteAsync(GrainId grainId, string stateName, string json, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var writeTurn = await _database.EnterWriteAsync(cancellationToken);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        long written;
        if (expectedEtag is null)
        {
            written = await CreateAsync(connection, transaction, grainId, stateName, json, cancellationToken)
                ?? throw await ConflictAsync(connection, transaction, "write", grainId, stateName, expectedEtag, cancellationToken);
        }
        else
        {
            // An ETag we never issued cannot match any record.
            if (!TryParseEtag(expectedEtag, out var expected)
                || await ExecuteAsync(
                    connection.CreateCommand($"UPDATE grain_state SET payload = @payload, etag = @next WHERE {KeyPredicate} AND etag = @expected AND payload IS NOT NULL", transaction)
                        .WithKey(grainId, stateName).With("@payload", json).With("@expected", expected).With("@next", expected + 1),
                    cancellationToken) == 0)
            {
                throw await ConflictAsync(connection, transaction, "write", grainId, stateName, expectedEtag, cancellationToken);
            }

            written = expected + 1;
        }

        await transaction.CommitAsync(cancellationToken);
        return FormatEtag(written);
    }

    /// <inheritdoc/>
    public async Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        using var writeTurn = await _database.EnterWriteAsync(cancellationToken);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (expectedEtag is null)
        {
            // Nothing was expected, so there is nothing to clear, unless someone wrote a record meanwhile.
            if (await ReadCurrentAsync(connection, transaction, grainId, stateName, cancellationToken) is { Live: true })
            {
                throw await ConflictAsync(connection, transaction, "clear", grainId, stateName, expectedEtag, cancellationToken);
            }
        }
        else if (!TryParseEtag(expectedEtag, out var expected)
                 || await ExecuteAsync(
                     connection.CreateCommand($"UPDATE grain_state SET payload = NULL, etag = @next WHERE {KeyPredicate} AND etag = @expected AND payload IS NOT NULL", transaction)
                         .WithKey(grainId, stateName).With("@expected", expected).With("@next", expected + 1),
                     cancellationToken) == 0)
        {
            throw await ConflictAsync(connection, transaction, "clear", grainId, stateName, expectedEtag, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // Creates the record, or revives a cleared one with the next ETag; null when a live record is in the way.
    private static async Task<long?> CreateAsync(DbConnection connection, DbTransaction transaction, GrainId grainId, string stateName, string json, CancellationToken cancellationToken)
    {
        var current = await ReadCurrentAsync(connection, transaction, grainId, stateName, cancellationToken);
        if (current is null)
        {
            // ON CONFLICT rather than catching the key violation: on PostgreSQL an error would abort the transaction.
            var inserted = await ExecuteAsync(
                connection.CreateCommand(
                    "INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload) VALUES (@type, @key, @name, 1, @payload) " +
                    "ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING",
                    transaction).WithKey(grainId, stateName).With("@payload", json),
                cancellationToken);
            return inserted == 1 ? 1 : null;
        }

        if (current.Value.Live)
        {
            return null;
        }

        var next = current.Value.Etag + 1;
        var revived = await ExecuteAsync(
            connection.CreateCommand($"UPDATE grain_state SET payload = @payload, etag = @next WHERE {KeyPredicate} AND etag = @cleared AND payload IS NULL", transaction)
                .WithKey(grainId, stateName).With("@payload", json).With("@cleared", current.Value.Etag).With("@next", next),
            cancellationToken);
        return revived == 1 ? next : null;
    }

    private static async Task<(long Etag, bool Live)?> ReadCurrentAsync(DbConnection connection, DbTransaction transaction, GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
                $"SELECT etag, CASE WHEN payload IS NULL THEN 0 ELSE 1 END FROM grain_state WHERE {KeyPredicate}", transaction)
            .WithKey(grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) == 1);
    }

    private static async Task<InconsistentStateException> ConflictAsync(
        DbConnection connection, DbTransaction transaction, string operation, GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        var current = await ReadCurrentAsync(connection, transaction, grainId, stateName, cancellationToken);
        var stored = current is { Live: true } ? FormatEtag(current.Value.Etag) : "none (no record)";
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of grain {grainId} ({grainId.Interface}): expected ETag {expectedEtag ?? "none (no record)"}, " +
            $"but the stored ETag is {stored}. Another activation wrote it; read the state again.");
    }

    private static async Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool TryParseEtag(string etag, out long version)
        => long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;

    private static string FormatEtag(long version) => version.ToString(CultureInfo.InvariantCulture);
}

file static class GrainStateCommandExtensions
{
    public static DbCommand WithKey(this DbCommand command, GrainId grainId, string stateName)
        => command.With("@type", grainId.Interface).With("@key", grainId.Key).With("@name", stateName);
}

using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Storage.Database.Migrations;

/// <summary>
/// Brings a component's schema (the runtime's, the application's, ...) up to date: each missing migration runs in
/// its own transaction (its SQL, then its code if it has any) together with its row in <c>schema_migrations(component, version, name, applied_at)</c>.
/// A database that already has a version newer than any this build knows is refused rather than used.
/// </summary>
public sealed partial class MigrationRunner
{
    /// <summary>The table recording applied migrations.</summary>
    public const string HistoryTable = "schema_migrations";

    private const string SqliteHistoryDdl =
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            component  TEXT    NOT NULL,
            version    INTEGER NOT NULL,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL,
            PRIMARY KEY (component, version)
        );
        """;

    private const string PostgresHistoryDdl =
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            component  TEXT        NOT NULL,
            version    INTEGER     NOT NULL,
            name       TEXT        NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (component, version)
        );
        """;

    private readonly ISiloDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MigrationRunner> _logger;

    /// <summary>Creates a runner for <paramref name="database"/>.</summary>
    public MigrationRunner(ISiloDatabase database, TimeProvider timeProvider, ILogger<MigrationRunner> logger)
    {
        _database = database;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Applies the migrations of <paramref name="component"/> the database does not have yet, in version order.</summary>
    /// <returns>The migrations applied now (empty when the schema was already current).</returns>
    /// <exception cref="SchemaVersionException">The database is newer than <paramref name="migrations"/>, or disagrees with them.</exception>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(string component, IEnumerable<Migration> migrations, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        var known = Validate(component, migrations);
        var postgres = _database.Provider == SiloDatabaseProviders.Postgres;

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using (var create = connection.CreateCommand(postgres ? PostgresHistoryDdl : SqliteHistoryDdl))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var recorded = await ReadRecordedAsync(connection, null, component, cancellationToken);
        CheckCompatible(component, known, recorded);

        var applied = new List<Migration>();
        foreach (var migration in known)
        {
            if (recorded.ContainsKey(migration.Version))
            {
                continue;
            }

            // SQLite: Microsoft.Data.Sqlite begins IMMEDIATE, so a second runner waits here for the write lock.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (postgres)
            {
                // PostgreSQL's DDL takes no lock that would keep two runners from both applying the same version.
                await using var lockCommand = connection.CreateCommand("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE", transaction);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            if (await IsRecordedAsync(connection, transaction, component, migration.Version, cancellationToken))
            {
                // Another runner applied it after we looked.
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await using (var script = connection.CreateCommand(migration.Sql, transaction))
            {
                await script.ExecuteNonQueryAsync(cancellationToken);
            }

            if (migration.Code is { } code)
            {
                await code(connection, transaction, cancellationToken);
            }

            await using (var record = connection.CreateCommand(
                "INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (@component, @version, @name, @appliedAt)",
                transaction))
            {
                var now = _timeProvider.GetUtcNow();
                record.With("@component", component)
                    .With("@version", migration.Version)
                    .With("@name", migration.Name)
                    .With("@appliedAt", postgres ? now : now.ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(component, migration.Version, migration.Name);
            applied.Add(migration);
        }

        return applied;
    }

    private static List<Migration> Validate(string component, IEnumerable<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var sorted = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            var migration = sorted[i];
            if (migration.Version < 1)
            {
                throw new ArgumentException($"Migration '{migration.Name}' of '{component}' has version {migration.Version}; versions start at 1.", nameof(migrations));
            }

            if (string.IsNullOrWhiteSpace(migration.Name) || string.IsNullOrWhiteSpace(migration.Sql))
            {
                throw new ArgumentException($"Migration {migration.Version} of '{component}' needs a name and SQL.", nameof(migrations));
            }

            if (i > 0 && sorted[i - 1].Version == migration.Version)
            {
                throw new ArgumentException(
                    $"Migrations '{sorted[i - 1].Name}' and '{migration.Name}' of '{component}' share version {migration.Version}.",
                    nameof(migrations));
            }
        }

        return sorted;
    }

    private static void CheckCompatible(string component, List<Migration> known, Dictionary<int, string> recorded)
    {
        var latestKnown = known.Count == 0 ? 0 : known[^1].Version;
        var newer = recorded.Keys.Where(v => v > latestKnown).Order().ToList();
        if (newer.Count > 0)
        {
            throw new SchemaVersionException(
                $"The database's '{component}' schema is at version {newer[^1]} ('{recorded[newer[^1]]}'), but this build only knows " +
                $"versions up to {latestKnown}. Refusing to downgrade: run a build that knows version {newer[^1]}, or restore a matching backup.");
        }

        // Two branches that each added "their" version N would otherwise pass silently with different schemas.
        foreach (var migration in known)
        {
            if (recorded.TryGetValue(migration.Version, out var name) && name != migration.Name)
            {
                throw new SchemaVersionException(
                    $"The database's '{component}' migration {migration.Version} was applied as '{name}', but this build calls it '{migration.Name}'.");
            }
        }
    }

    private static async Task<Dictionary<int, string>> ReadRecordedAsync(DbConnection connection, DbTransaction? transaction, string component, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand("SELECT version, name FROM schema_migrations WHERE component = @component", transaction)
            .With("@component", component);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var recorded = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
        }

        return recorded;
    }

    private static async Task<bool> IsRecordedAsync(DbConnection connection, DbTransaction transaction, string component, int version, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand("SELECT COUNT(*) FROM schema_migrations WHERE component = @component AND version = @version", transaction)
            .With("@component", component)
            .With("@version", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Component} {Version} ({Name})")]
    private partial void LogApplied(string component, int version, string name);
}

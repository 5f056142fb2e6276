using Maildriver.Runtime;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Maildriver.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Maildriver.Tests.Runtime.Persistence;

/// <summary>Runs against a real PostgreSQL server in a database of its own, created by the provider and dropped afterwards.</summary>
public sealed class PostgresGrainStorageTests
{
    private static readonly GrainId Alice = new("Maildriver.Grains.IMailboxGrain", "MD1/alice");

    [PostgresFact]
    public async Task Round_trip_and_etag_conflict()
    {
        var machine = "t" + Guid.NewGuid().ToString("N");
        var database = new PostgresSiloDatabase(UniqueTemplate(), machine);
        try
        {
            var applied = await RuntimeMigrations.ApplyAsync(
                new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance), database.Provider);
            Assert.Equal([1], applied.Select(m => m.Version));

            var storage = new AdoNetGrainStorage(database);
            var writer = new PersistentState<MailboxTestState>(Alice, "mailbox", storage);
            writer.State.Messages.Add("hello");
            await writer.WriteStateAsync();

            var first = new PersistentState<MailboxTestState>(Alice, "mailbox", storage);
            var second = new PersistentState<MailboxTestState>(Alice, "mailbox", storage);
            await first.ReadStateAsync();
            await second.ReadStateAsync();
            Assert.Equal(["hello"], first.State.Messages);
            Assert.Equal(writer.Etag, second.Etag);

            first.State.Messages.Add("first");
            await first.WriteStateAsync();
            second.State.Messages.Add("second");
            await Assert.ThrowsAsync<InconsistentStateException>(() => second.WriteStateAsync());

            var late = new PersistentState<MailboxTestState>(Alice, "mailbox", storage);
            await Assert.ThrowsAsync<InconsistentStateException>(() => late.WriteStateAsync());

            var reader = new PersistentState<MailboxTestState>(Alice, "mailbox", storage);
            await reader.ReadStateAsync();
            Assert.Equal(["hello", "first"], reader.State.Messages);
        }
        finally
        {
            await database.DisposeAsync();
            await DropAsync(database.DatabaseName);
        }
    }

    // The database name must be unique per run, so a template without {machine} gets it appended.
    private static string UniqueTemplate()
    {
        var template = PostgresFactAttribute.ConnectionTemplate;
        if (template.Contains(PostgresSiloDatabase.MachinePlaceholder, StringComparison.Ordinal))
        {
            return template;
        }

        var builder = new NpgsqlConnectionStringBuilder(template);
        builder.Database = (builder.Database ?? "maildriver_test") + "_" + PostgresSiloDatabase.MachinePlaceholder;
        return builder.ConnectionString;
    }

    private static async Task DropAsync(string databaseName)
    {
        var template = PostgresFactAttribute.ConnectionTemplate.Replace(PostgresSiloDatabase.MachinePlaceholder, "x", StringComparison.Ordinal);
        var maintenance = new NpgsqlConnectionStringBuilder(template) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {PostgresSiloDatabase.QuoteIdentifier(databaseName)}";
        await command.ExecuteNonQueryAsync();
    }
}

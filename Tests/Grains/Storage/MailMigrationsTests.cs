using Maildriver.Clustering.OrleansSql;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Maildriver.Tests.Grains.Storage.Database;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maildriver.Tests.Grains.Storage;

public sealed class MailMigrationsTests
{
    private static readonly string[] Tables =
    [
        "cluster_events", "cluster_view", "early_reads", "inbox", "letters", "lieutenant_records", "lists", "master_letters",
        "protoletter_recipients", "protoletters", "store_flags", "tombstones", "users",
    ];

    [Fact]
    public async Task An_empty_database_gets_the_mail_schema_and_a_second_run_changes_nothing()
    {
        using var directory = new TestDataDirectory();
        await using var database = new SqliteSiloDatabase(directory.Path);
        var runner = new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance);

        var first = await MailMigrations.ApplyAsync(runner, database.Provider);

        Assert.Equal([(1, "mail"), (2, "store_flags"), (3, "cluster_events"), (4, "mime_bodies"), (5, "imap_uids"), (6, "inbox_by_uid"), (7, "integer_keys")], first.Select(m => (m.Version, m.Name)));
        foreach (var table in Tables)
        {
            Assert.Equal(1, await MailTables.CountAsync(database, "sqlite_master", $"type = 'table' AND name = '{table}'"));
        }

        Assert.Equal(7, await MailTables.CountAsync(database, MigrationRunner.HistoryTable, $"component = '{MailMigrations.Component}'"));

        var store = new MailStore(database);
        await store.Orders.ApplyAsync([MailFactory.AddUser(MailFactory.User("alice"))]);

        var second = await MailMigrations.ApplyAsync(runner, database.Provider);

        Assert.Empty(second);
        Assert.Equal(1, await store.Users.CountUsersAsync());
    }

    [Fact]
    public async Task The_mail_schema_lives_beside_the_grain_state_tables_of_Orleans()
    {
        using var directory = new TestDataDirectory();
        await using var database = new SqliteSiloDatabase(directory.Path);
        var runner = new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance);

        // A machine's silo installs Orleans's storage tables into the same file before the mail schema.
        await using (var connection = await database.OpenConnectionAsync())
        {
            await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Persistence);
        }

        var applied = await MailMigrations.ApplyAsync(runner, database.Provider);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], applied.Select(m => m.Version));
        Assert.Equal(1, await MailTables.CountAsync(database, "sqlite_master", "type = 'table' AND name = 'OrleansStorage'"));
        Assert.Equal(1, await MailTables.CountAsync(database, "sqlite_master", "type = 'table' AND name = 'letters'"));
    }

    [Theory]
    [InlineData(SiloDatabaseProviders.Sqlite)]
    [InlineData(SiloDatabaseProviders.Postgres)]
    public void Both_dialects_embed_the_same_versions(string provider)
    {
        var migrations = MailMigrations.Load(provider);

        Assert.Equal([(1, "mail"), (2, "store_flags"), (3, "cluster_events"), (4, "mime_bodies"), (5, "imap_uids"), (6, "inbox_by_uid"), (7, "integer_keys")], migrations.Select(m => (m.Version, m.Name)));
        var scripts = string.Concat(migrations.Select(m => m.Sql));
        foreach (var table in Tables)
        {
            Assert.Contains($"CREATE TABLE {table} (", scripts);
        }
    }
}

using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Maildriver.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// The same SQL on a real PostgreSQL server, each test in a database of its own, created by the provider and dropped
/// afterwards. Skipped when no server answers (see <see cref="PostgresFactAttribute"/>).
/// </summary>
public sealed class PostgresMailStoreTests
{
    [PostgresFact]
    public async Task Migrations_apply_once() => await WithStoreAsync(async (database, _) =>
    {
        var runner = new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance);

        Assert.Empty(await MailMigrations.ApplyAsync(runner, database.Provider));
        Assert.Equal(7, await MailTables.CountAsync(database, MigrationRunner.HistoryTable, "component = 'mail'"));
    });

    [PostgresFact]
    public async Task Orders_delivery_inbox_and_reclaim() => await WithStoreAsync(async (database, store) =>
    {
        var users = Names("user", 1000);
        await store.Orders.ApplyAsync(AddUsers(users));
        var bulk = Letter([.. users, "stranger"], body: "Bulk.");
        var bogus = Letter(["user00001"]);
        await store.WorkSpace.InsertBogusAsync(bogus);
        Assert.Equal([(bogus.Header.Id, ProtoletterState.Bogus)], await store.WorkSpace.FindProtolettersForUserAsync("user00001"));

        var applied = (await store.Orders.ApplyAsync([Deliver(bulk), MarkValid(bogus), MarkValid("MD9.404"), Delete(bulk.Header.Id, "user00002")])).Decide();
        Assert.Equal([bulk.Header.Id, bogus.Header.Id], applied.GotIt);
        Assert.Equal(["MD9.404"], applied.Missing);
        // In the order they became valid, the Master's order (the bogus one was written first, but ordered second).
        Assert.Equal([bulk.Header.Id, bogus.Header.Id], (await store.WorkSpace.GetValidProtolettersAsync(10)).Select(p => p.Letter.Header.Id));

        Assert.Equal([bulk.Header.Id, bogus.Header.Id], await store.WorkSpace.DeliverAsync([bulk.Header.Id, bogus.Header.Id]));
        Assert.Equal([bulk.Header.Id], await store.WorkSpace.DeliverAsync([bulk.Header.Id]));
        Assert.Equal([bulk.Header.Id], (await store.Orders.ApplyAsync([Deliver(bulk)])).Decide().Finished);

        Assert.Equal(new MailStoreStats(1000, 2, bulk.Header.Size + bogus.Header.Size, 1000, 0), await store.GetStatsAsync());
        Assert.Empty(await store.Inboxes.ListInboxAsync("user00002", withBodies: false));

        await store.Orders.ApplyAsync([MarkRead(bulk.Header.Id, "user00001")]);
        var inbox = await store.Inboxes.ListInboxAsync("user00001", withBodies: true);
        Assert.Equal([(bulk.Header.Id, true, "Bulk."), (bogus.Header.Id, false, bogus.Text())], inbox.Select(e => (e.Header.Id, e.Read, e.Text())));
        WorkSpaceTests.AssertSameLetter(bulk, new Letter(inbox[0].Header, inbox[0].Message!));
        Assert.True(await store.Inboxes.HasUnreadAsync("user00001"));
        Assert.False(await store.Inboxes.HasUnreadAsync("stranger"));
        Assert.Equal([bogus.Header.Id], await store.Inboxes.FilterInInboxAsync("user00001", [bogus.Header.Id, "MD9.404"]));

        await store.Orders.ApplyAsync([Delete(bogus.Header.Id, "user00001")]);
        Assert.Null(await store.Letters.FindLetterAsync(bogus.Header.Id));
        await store.Orders.ApplyAsync([DeleteUser("user00003")]);
        Assert.Equal(998, await MailTables.CountAsync(database, "inbox"));
    });

    [PostgresFact]
    public async Task Lookups_records_and_digest_match_sqlite() => await WithStoreAsync(async (database, store) =>
    {
        await using var sqlite = await SqliteMailStore.CreateAsync();
        var letter = Letter(["bob", "carol"], body: "Same everywhere, even é and 😀.", sentAt: Start.AddTicks(1234567));
        IReadOnlyList<Order> orders = [.. AddUsers(["bob", "carol", "Bob", "_x"]), AddList("staff", "carol", "bob"), Deliver(letter), MarkRead(letter.Header.Id, "carol")];
        foreach (var target in new[] { store, sqlite.Store })
        {
            await target.Orders.ApplyAsync(orders);
            await target.WorkSpace.DeliverAsync([letter.Header.Id]);
        }

        var onPostgres = await store.ComputeDigestAsync("MD1");
        Assert.Equal(await sqlite.Store.ComputeDigestAsync("MD1"), onPostgres);
        Assert.Equal((1L, 2L), (onPostgres.Letters, onPostgres.InboxEntries));

        WorkSpaceTests.AssertSameLetter(letter, await store.Letters.FindLetterAsync(letter.Header.Id));
        Assert.Equal(letter.Header.Id, await store.Letters.FindLetterIdBySubmissionAsync(letter.Header.SubmissionKey));
        Assert.Equal(["Bob", "_x", "bob", "carol"], (await store.Users.GetUsersAsync()).Select(u => u.Name));

        await store.SetClusterViewAsync(new ClusterView(3, "MD2", "MD1"));
        Assert.Equal(new ClusterView(3, "MD2", "MD1"), await store.GetClusterViewAsync());

        var mastered = Letter(["bob"]);
        await store.MasterDirectory.SaveAsync([mastered]);
        WorkSpaceTests.AssertSameLetter(mastered, Assert.Single(await store.MasterDirectory.GetAllAsync()));
        Assert.Equal(mastered.Header.Id, await store.Letters.FindLetterIdBySubmissionAsync(mastered.Header.SubmissionKey));
        await store.MasterDirectory.ClearAsync();
        Assert.Empty(await store.MasterDirectory.GetAllAsync());

        await store.LieutenantDirectory.SaveAsync([new LieutenantRecord("b", 2, "k", "{}"), new LieutenantRecord("a", 1, "k", "[]")]);
        Assert.Equal(["a", "b"], (await store.LieutenantDirectory.GetAllAsync()).Select(r => r.OpId));
        await store.LieutenantDirectory.DeleteAsync(["a"]);
        Assert.Equal(["b"], (await store.LieutenantDirectory.GetAllAsync()).Select(r => r.OpId));

        await store.WorkSpace.InsertBogusAsync(Letter(["bob"]));
        Assert.Equal(1, await store.WorkSpace.DropBogusAsync());
    });

    private static async Task WithStoreAsync(Func<PostgresSiloDatabase, MailStore, Task> test)
    {
        var database = new PostgresSiloDatabase(UniqueTemplate(), "t" + Guid.NewGuid().ToString("N"));
        try
        {
            var applied = await MailMigrations.ApplyAsync(
                new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance), database.Provider);
            Assert.Equal([1, 2, 3, 4, 5, 6, 7], applied.Select(m => m.Version));
            await test(database, new MailStore(database));
        }
        finally
        {
            await database.DisposeAsync();
            await DropAsync(database.DatabaseName);
        }
    }

    // The database name must be unique per run, so a template without {machine} gets it appended.
    internal static string UniqueTemplate()
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

    internal static async Task DropAsync(string databaseName)
    {
        var template = PostgresFactAttribute.ConnectionTemplate.Replace(PostgresSiloDatabase.MachinePlaceholder, "x", StringComparison.Ordinal);
        var maintenance = new NpgsqlConnectionStringBuilder(template) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {PostgresSiloDatabase.QuoteIdentifier(databaseName)} WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}

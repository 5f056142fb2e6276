using System.Data.Common;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Xunit;

namespace Maildriver.Tests.Grains.Storage.Database;

public sealed class SqliteSiloDatabaseTests
{
    [Fact]
    public async Task Creates_the_folder_and_the_file_in_it()
    {
        using var directory = new TestDataDirectory();
        var dataDir = Path.Combine(directory.Path, "machines", "MD1");
        await using var database = new SqliteSiloDatabase(dataDir);
        await using (await database.OpenConnectionAsync())
        {
        }

        Assert.Equal(Path.Combine(dataDir, "maildriver.db"), database.FilePath);
        Assert.True(File.Exists(database.FilePath));
        Assert.Equal(SiloDatabaseProviders.Sqlite, database.Provider);
    }

    [Fact]
    public async Task Durability_pragmas_are_in_effect_on_every_connection()
    {
        await using var test = await SqliteTestDatabase.CreateAsync();

        // Twice: the second time both connections come back from the pool and must still have them. The second of
        // each pair is opened while the first is held, so the first time it is one SQLite opens anew.
        for (var i = 0; i < 2; i++)
        {
            await using var first = await test.Database.OpenConnectionAsync();
            await using var second = await test.Database.OpenConnectionAsync();
            foreach (var connection in new[] { first, second })
            {
                Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
                Assert.Equal("2", await ScalarAsync(connection, "PRAGMA synchronous"));
                Assert.Equal("1", await ScalarAsync(connection, "PRAGMA foreign_keys"));
                Assert.Equal(SqliteSiloDatabase.BusyTimeoutMilliseconds.ToString(), await ScalarAsync(connection, "PRAGMA busy_timeout"));
            }
        }
    }

    [Fact]
    public async Task Kill_refuses_new_connections()
    {
        await using var test = await SqliteTestDatabase.CreateAsync();

        test.Database.Kill();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => test.Database.OpenConnectionAsync());
    }

    [Fact]
    public async Task Dispose_refuses_new_connections()
    {
        await using var test = await SqliteTestDatabase.CreateAsync();
        var old = test.Database;

        await test.ReopenAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => old.OpenConnectionAsync());
    }

    [Fact]
    public async Task An_acknowledged_write_survives_a_kill_and_a_restart_on_the_same_folder()
    {
        await using var test = await SqliteTestDatabase.CreateAsync();
        // The old runtime's grain state is Orleans's now (Clustering.Tests checks its durability); the machine's own
        // tables are what this database still holds.
        await new MailStore(test.Database).Orders.ApplyAsync([MailFactory.AddUser(MailFactory.User("alice"))]);

        test.Database.Kill();
        var restarted = await test.ReopenAsync();

        Assert.Equal("alice", (await new MailStore(restarted).Users.GetUserAsync("alice"))?.Name);
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync());
    }
}

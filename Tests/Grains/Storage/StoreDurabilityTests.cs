using System.Data.Common;
using Maildriver.Clustering.OrleansSql;
using Maildriver.Grains.Storage.Database;
using Maildriver.Tests.Support;
using Npgsql;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// The settings an acknowledged letter's survival rests on, read back from the database as a silo opens it: SQLite
/// in WAL mode with synchronous=FULL; PostgreSQL with synchronous_commit and fsync on. (Cutting the power under a
/// test is not possible here; these are what make a commit survive one.)
/// </summary>
public sealed class StoreDurabilityTests
{
    [Fact]
    public async Task The_store_a_silo_opens_flushes_every_commit_to_disk()
    {
        await using var mail = await ProviderMailStore.CreateAsync();

        // Twice: the second connection comes back from the pool and must still have them.
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await mail.Database.OpenConnectionAsync();
            if (mail.Database.Provider == SiloDatabaseProviders.Sqlite)
            {
                Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
                Assert.Equal("2", await ScalarAsync(connection, "PRAGMA synchronous"));
            }
            else
            {
                Assert.Equal("on", await ScalarAsync(connection, "SHOW synchronous_commit"));
                Assert.Equal("on", await ScalarAsync(connection, "SHOW fsync"));
            }
        }
    }

    [PostgresFact]
    public async Task PostgreSQL_commits_synchronously_even_where_the_database_default_says_otherwise()
    {
        var template = PostgresMailStoreTests.UniqueTemplate();
        var machine = "t" + Guid.NewGuid().ToString("N");
        var creator = new PostgresSiloDatabase(template, machine);
        try
        {
            await (await creator.OpenConnectionAsync()).DisposeAsync();
            var plain = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionTemplate) { Database = creator.DatabaseName, Pooling = false };
            await using (var admin = new NpgsqlConnection(plain.ConnectionString))
            {
                await admin.OpenAsync();
                await ScalarAsync(admin, $"ALTER DATABASE {PostgresSiloDatabase.QuoteIdentifier(creator.DatabaseName)} SET synchronous_commit = off");
            }

            await using (var other = new NpgsqlConnection(plain.ConnectionString))
            {
                await other.OpenAsync();
                Assert.Equal("off", await ScalarAsync(other, "SHOW synchronous_commit"));
            }

            // A new instance, as a restarted silo: its pool holds no session that began before the ALTER.
            await using var database = new PostgresSiloDatabase(template, machine);
            await using var connection = await database.OpenConnectionAsync();
            Assert.Equal("on", await ScalarAsync(connection, "SHOW synchronous_commit"));
        }
        finally
        {
            await creator.DisposeAsync();
            await PostgresMailStoreTests.DropAsync(creator.DatabaseName);
        }
    }

    [Theory]
    [InlineData("on", "on", null)]
    [InlineData("on", "local", null)]
    [InlineData("on", "remote_apply", null)]
    [InlineData("off", "on", "fsync = off")]
    [InlineData("on", "off", "synchronous_commit = off")]
    public void A_server_that_would_lose_acknowledged_commits_is_refused_with_the_reason(string fsync, string synchronousCommit, string? reason)
    {
        var problem = PostgresDurability.Problem(fsync, synchronousCommit);

        if (reason is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(reason, problem, StringComparison.Ordinal);
        }
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Data.Common;
using Maildriver.Clustering.OrleansSql;
using Maildriver.Clustering.Persistence;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// The connections Orleans's grain storage gets to a machine's PostgreSQL database commit synchronously whatever the
/// database's default, and a server that would lose acknowledged writes is refused.
/// </summary>
public sealed class PostgresStorageDurabilityTests : IAsyncLifetime
{
    private TemporaryPostgresDatabase? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Storage_connections_commit_synchronously_even_where_the_database_default_says_otherwise()
    {
        _database = await TemporaryPostgresDatabase.CreateAsync();
        await using (var admin = await _database.OpenAsync())
        {
            await Sql.ScalarAsync(admin, $"ALTER DATABASE \"{_database.Name}\" SET synchronous_commit = off");
        }

        await using (var plain = new NpgsqlConnection($"{_database.ConnectionString};Pooling=false"))
        {
            await plain.OpenAsync();
            Assert.Equal("off", await Sql.ScalarAsync(plain, "SHOW synchronous_commit"));
        }

        await using var silo = await ToySilo.StartAsync(MachineStorageOptions.ForPostgres(_database.ConnectionString));
        await silo.Grain("MD1").Set(new ToyView { Epoch = 1 });

        // What Orleans's storage opens its connections with (RelationalStorage calls DbDataSource.OpenConnectionAsync).
        await using var connection = await silo.Services.GetRequiredKeyedService<DbDataSource>(ToyViewGrain.StorageName).OpenConnectionAsync();
        Assert.Equal("on", await Sql.ScalarAsync(connection, "SHOW synchronous_commit"));
    }

    [Theory]
    [InlineData("on", "on", null)]
    [InlineData("on", "local", null)]
    [InlineData("off", "on", "fsync = off")]
    [InlineData("on", "off", "synchronous_commit = off")]
    public void A_server_that_could_lose_acknowledged_writes_is_refused_with_the_reason(string fsync, string synchronousCommit, string? reason)
    {
        var problem = PostgresDurability.Problem(fsync, synchronousCommit);
        if (reason is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(reason, problem);
        }
    }
}

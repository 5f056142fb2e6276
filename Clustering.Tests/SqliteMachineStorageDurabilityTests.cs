using System.Data.Common;
using Maildriver.Clustering.Persistence;
using Maildriver.Clustering.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// The connections Orleans's grain storage gets to a machine's SQLite state file: WAL, synchronous = FULL, the busy
/// timeout; and a write that fails inside the transaction Orleans's query text begins leaves no connection behind
/// that would fail every later write.
/// </summary>
public sealed class SqliteMachineStorageDurabilityTests : IDisposable
{
    private readonly TemporaryDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task The_storage_connections_are_WAL_with_full_synchronous_commits_and_the_busy_timeout()
    {
        var storage = MachineStorageOptions.ForSqlite(_file.Path) with { BusyTimeout = TimeSpan.FromSeconds(3) };
        await using var silo = await ToySilo.StartAsync(storage);
        await silo.Grain("MD1").Set(new ToyView { Epoch = 1 });

        // What Orleans's storage opens its connections with (RelationalStorage calls DbDataSource.OpenConnectionAsync).
        await using var connection = await silo.Services.GetRequiredKeyedService<DbDataSource>(ToyViewGrain.StorageName).OpenConnectionAsync();
        Assert.Equal("wal", await Sql.ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal("2", await Sql.ScalarAsync(connection, "PRAGMA synchronous")); // FULL
        Assert.Equal("3000", await Sql.ScalarAsync(connection, "PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task A_write_that_fails_inside_its_transaction_leaves_the_storage_usable()
    {
        var storage = MachineStorageOptions.ForSqlite(_file.Path) with { BusyTimeout = TimeSpan.FromMilliseconds(200) };
        await using var silo = await ToySilo.StartAsync(storage);
        var grain = silo.Grain("MD1");
        await grain.Set(new ToyView { Epoch = 1 });

        // Another process holds the file's write lock past the busy timeout: Orleans's write query has begun its
        // transaction (BEGIN TRANSACTION is its first statement) when its UPDATE fails.
        await using (var other = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
        {
            await other.OpenAsync();
            await using var holding = await other.BeginTransactionAsync();
            var busy = await Assert.ThrowsAnyAsync<Exception>(() => grain.Set(new ToyView { Epoch = 2 }));
            Assert.Contains("locked", busy.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        // The lock is gone: the next write must succeed (on a pooled connection still inside that transaction it
        // would fail with "cannot start a transaction within a transaction").
        await grain.Set(new ToyView { Epoch = 3 });
        Assert.Equal(3, (await silo.ReadStoredAsync("MD1")).View!.Epoch);
    }
}

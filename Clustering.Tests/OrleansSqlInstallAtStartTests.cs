using Maildriver.Clustering.OrleansSql;
using Maildriver.Clustering.Persistence;
using Maildriver.Clustering.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Maildriver.Clustering.Tests;

/// <summary>A silo's start installs Orleans's scripts for its grain storage, and stops when the database holds other ones.</summary>
public sealed class OrleansSqlInstallAtStartTests : IDisposable
{
    private readonly TemporaryDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task The_first_start_installs_the_scripts_and_the_next_finds_them()
    {
        await using (var silo = await ToySilo.StartAsync(MachineStorageOptions.ForSqlite(_file.Path)))
        {
            await silo.Grain("MD1").Set(new ToyView { Epoch = 1 });
        }

        var installed = await ReadInstalledAsync();
        Assert.Equal(["Sqlite-Main.sql", "Sqlite-Persistence.sql"], installed.Keys.Order(StringComparer.Ordinal));

        await using (var silo = await ToySilo.StartAsync(MachineStorageOptions.ForSqlite(_file.Path)))
        {
            Assert.Equal(1, (await silo.Grain("MD1").Get())!.Epoch);
        }

        Assert.Equal(installed, await ReadInstalledAsync());
    }

    [Fact]
    public async Task A_database_set_up_by_other_scripts_stops_the_start_and_is_left_as_it_was()
    {
        await using (var silo = await ToySilo.StartAsync(MachineStorageOptions.ForSqlite(_file.Path)))
        {
            await silo.Grain("MD1").Set(new ToyView { Epoch = 1 });
        }

        // As if another version of Sqlite-Persistence.sql had set the file up.
        await ExecuteAsync("UPDATE maildriver_orleans_scripts SET sha256 = 'not-this-build' WHERE name = 'Sqlite-Persistence.sql'");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ToySilo.StartAsync(MachineStorageOptions.ForSqlite(_file.Path)));

        var mismatch = Assert.Single(Chain(failure).OfType<OrleansSqlScriptMismatchException>());
        Assert.Equal("Sqlite-Persistence.sql", mismatch.ScriptName);
        Assert.Equal("not-this-build", (await ReadInstalledAsync())["Sqlite-Persistence.sql"]);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadInstalledAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await connection.OpenAsync();
        return await OrleansSqlScripts.ReadInstalledAsync(connection);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

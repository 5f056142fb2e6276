using Maildriver.Clustering.Persistence;
using Maildriver.Clustering.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Maildriver.Clustering.Tests;

/// <summary>The machine grain storage on a SQLite file of the test's own (Orleans invariant System.Data.SQLite).</summary>
public sealed class MachineGrainStorageOnSqliteTests : MachineGrainStorageContract, IDisposable
{
    private readonly TemporaryDatabaseFile _file = new();

    protected override MachineStorageOptions Storage => MachineStorageOptions.ForSqlite(_file.Path);

    protected override string PayloadAsText => "CAST(payloadbinary AS TEXT)";

    public void Dispose() => _file.Dispose();

    protected override async Task<List<string>> QueryStringsAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await Sql.StringsAsync(connection, sql);
    }

    [Fact] public Task Survives_a_restart() => State_written_survives_a_silo_restart();

    [Fact] public Task Stale_writer() => A_stale_writer_fails_loudly_and_the_stored_state_stays();

    [Fact] public Task ETag_race() => Two_writers_racing_on_one_ETag_through_the_provider_one_wins();

    [Fact] public Task Second_first_write() => A_second_first_write_fails_and_keeps_the_first();
}

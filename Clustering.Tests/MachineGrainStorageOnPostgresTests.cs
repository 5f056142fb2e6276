using Maildriver.Clustering.Persistence;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Tests.Support;

namespace Maildriver.Clustering.Tests;

/// <summary>The machine grain storage on a fresh PostgreSQL database of the test's own (Orleans invariant Npgsql).</summary>
public sealed class MachineGrainStorageOnPostgresTests : MachineGrainStorageContract, IAsyncLifetime
{
    private TemporaryPostgresDatabase? _database;

    protected override MachineStorageOptions Storage => MachineStorageOptions.ForPostgres(_database!.ConnectionString);

    protected override string PayloadAsText => "convert_from(payloadbinary, 'UTF8')";

    // Without a server the facts are skipped, and nothing is created.
    public async Task InitializeAsync() => _database = await TemporaryPostgresDatabase.CreateIfServerAnswersAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override Task<List<string>> QueryStringsAsync(string sql) => _database!.QueryStringsAsync(sql);

    [PostgresFact] public Task Survives_a_restart() => State_written_survives_a_silo_restart();

    [PostgresFact] public Task Stale_writer() => A_stale_writer_fails_loudly_and_the_stored_state_stays();

    [PostgresFact] public Task ETag_race() => Two_writers_racing_on_one_ETag_through_the_provider_one_wins();

    [PostgresFact] public Task Second_first_write() => A_second_first_write_fails_and_keeps_the_first();
}

using Maildriver.Clustering.Tests.Support;

namespace Maildriver.Clustering.Tests;

/// <summary>Orleans's membership table contract on <see cref="SqliteMembershipTable"/> over a real SQLite file.</summary>
public sealed class SqliteMembershipTableContractTests : MembershipTableContract
{
    private readonly TemporaryDatabaseFile _file = new();

    protected override Task<IMembershipTable> CreateTableAsync(string clusterId)
        => Task.FromResult<IMembershipTable>(SqliteMembershipTable.Open(_file.Path, clusterId));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }

    [Fact] public Task ReadAll_of_an_empty_table() => ReadAll_of_an_empty_table_gives_version_zero();

    [Fact] public Task InsertRow() => InsertRow_adds_the_row_and_moves_the_version_on();

    [Fact] public Task InsertRow_stale_version_or_duplicate() => InsertRow_fails_for_a_stale_version_or_a_row_already_there();

    [Fact] public Task ReadRow() => ReadRow_gives_the_row_its_etag_and_the_version();

    [Fact] public Task UpdateRow() => UpdateRow_needs_the_current_version();

    [Fact] public Task UpdateRow_missing_row() => UpdateRow_of_a_missing_row_fails_and_changes_nothing();

    [Fact] public Task UpdateRow_in_parallel() => Racing_updates_of_one_row_each_win_once();

    [Fact] public Task UpdateIAmAlive() => UpdateIAmAlive_writes_the_time_and_leaves_the_version();

    [Fact] public Task CleanupDefunctSiloEntries() => CleanupDefunctSiloEntries_removes_old_rows_that_are_not_active();

    [Fact] public Task DeleteMembershipTableEntries() => DeleteMembershipTableEntries_removes_the_cluster();
}

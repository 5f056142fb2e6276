using Maildriver.Clustering.Tests.Support;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// Orleans's membership table contract, as its own provider tests check it (MembershipTableTestsBase in dotnet/orleans,
/// test/Orleans.Runtime.Internal.Tests/MembershipTests): the same scenarios, written for Maildriver, run against each
/// table a subclass makes. Each scenario starts from a table whose version row exists and that has no members.
/// </summary>
public abstract class MembershipTableContract : IAsyncLifetime
{
    protected string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    protected IMembershipTable Table { get; private set; } = null!;

    /// <summary>A table of <paramref name="clusterId"/> over the subclass's store, not yet initialized.</summary>
    protected abstract Task<IMembershipTable> CreateTableAsync(string clusterId);

    public virtual async Task InitializeAsync()
    {
        Table = await CreateTableAsync(ClusterId);
        await Table.InitializeMembershipTableAsync(true);
    }

    public virtual async Task DisposeAsync()
    {
        if (Table is not null)
        {
            await Table.DeleteMembershipTableEntriesAsync(ClusterId);
        }
    }

    protected async Task ReadAll_of_an_empty_table_gives_version_zero()
    {
        var data = await Table.ReadAllAsync();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.NotNull(data.Version.VersionEtag);
    }

    protected async Task InsertRow_adds_the_row_and_moves_the_version_on()
    {
        var before = await Table.ReadAllAsync();

        Assert.True(await Table.InsertRowAsync(TestEntries.New(), before.Version.Next()));

        var after = await Table.ReadAllAsync();
        Assert.Single(after.Members);
        Assert.Equal(1, after.Version.Version);
        Assert.NotEqual(before.Version.VersionEtag, after.Version.VersionEtag);
    }

    protected async Task InsertRow_fails_for_a_stale_version_or_a_row_already_there()
    {
        var start = (await Table.ReadAllAsync()).Version.Next();
        var entry = TestEntries.New();
        Assert.True(await Table.InsertRowAsync(entry, start));

        Assert.False(await Table.InsertRowAsync(entry, start), "the same row again, with the version it was inserted at");
        Assert.False(await Table.InsertRowAsync(TestEntries.New(), start), "a new row, with a stale version");

        var current = await Table.ReadAllAsync();
        Assert.Equal(1, current.Version.Version);
        Assert.False(await Table.InsertRowAsync(entry, current.Version.Next()), "the same row again, with the current version");

        var after = await Table.ReadRowAsync(entry.SiloAddress);
        Assert.Single(after.Members);
        Assert.Equal(current.Version, after.Version);
        Assert.Single((await Table.ReadAllAsync()).Members);
    }

    protected async Task ReadRow_gives_the_row_its_etag_and_the_version()
    {
        var next = (await Table.ReadAllAsync()).Version.Next();
        var entry = TestEntries.New();
        Assert.True(await Table.InsertRowAsync(entry, next));

        var data = await Table.ReadRowAsync(entry.SiloAddress);

        var (read, etag) = Assert.Single(data.Members);
        Assert.NotNull(etag);
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.Equal(next.Version, data.Version.Version);
        Assert.NotEqual(next.VersionEtag, data.Version.VersionEtag);

        var missing = await Table.ReadRowAsync(TestEntries.NewSilo());
        Assert.Empty(missing.Members);
        Assert.Equal(data.Version, missing.Version);
    }

    protected async Task UpdateRow_needs_the_current_version()
    {
        var data = await Table.ReadAllAsync();
        for (var i = 1; i <= 5; i++)
        {
            var entry = TestEntries.New();
            entry.SuspectTimes =
            [
                Tuple.Create(TestEntries.NewSilo(), TestEntries.Now().AddSeconds(1)),
                Tuple.Create(TestEntries.NewSilo(), TestEntries.Now().AddSeconds(2)),
            ];
            var inserted = data.Version.Next();
            Assert.True(await Table.InsertRowAsync(entry, inserted));

            data = await Table.ReadAllAsync();
            var etag = data.TryGet(entry.SiloAddress)!.Item2;

            Assert.False(await Table.UpdateRowAsync(entry, etag, inserted), "the row's etag, but the version it was inserted at");

            entry.Status = SiloStatus.Active;
            var next = data.Version.Next();
            Assert.True(await Table.UpdateRowAsync(entry, etag, next));
            Assert.False(await Table.UpdateRowAsync(entry, etag, next), "the same update twice");

            data = await Table.ReadAllAsync();
            var (read, etagAfter) = data.TryGet(entry.SiloAddress)!;
            Assert.Equal(entry.ToFullString(), read.ToFullString());
            Assert.False(await Table.UpdateRowAsync(entry, etagAfter, next), "the row's new etag, but a stale version");

            var unchanged = await Table.ReadAllAsync();
            Assert.Equal(etagAfter, unchanged.TryGet(entry.SiloAddress)!.Item2);
            Assert.Equal(next.Version, unchanged.Version.Version);
            Assert.Equal(i, unchanged.Members.Count);
        }
    }

    protected async Task UpdateRow_of_a_missing_row_fails_and_changes_nothing()
    {
        var data = await Table.ReadAllAsync();
        var entry = TestEntries.New();

        Assert.False(await Table.UpdateRowAsync(entry, "", data.Version.Next()));

        Assert.Equal(data.Version, (await Table.ReadAllAsync()).Version);
        Assert.Empty((await Table.ReadAllAsync()).Members);
    }

    protected async Task Racing_updates_of_one_row_each_win_once()
    {
        var entry = TestEntries.New();
        var version = (await Table.ReadAllAsync()).Version.Next();

        // Twenty inserts of one row at one version: exactly one wins.
        var inserts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Table.InsertRowAsync(entry, version)));
        Assert.Single(inserts, ok => ok);

        // Nineteen updaters, each retrying read-then-update until its update wins once.
        await Task.WhenAll(Enumerable.Range(0, 19).Select(async _ =>
        {
            while (true)
            {
                var data = await Table.ReadAllAsync();
                var row = data.TryGet(entry.SiloAddress)!;
                if (await Table.UpdateRowAsync(row.Item1, row.Item2, data.Version.Next()))
                {
                    return;
                }

                await Task.Delay(Random.Shared.Next(1, 10));
            }
        })).WaitAsync(TimeSpan.FromSeconds(60));

        var after = await Table.ReadAllAsync();
        Assert.Equal(20, after.Version.Version);
        Assert.Single(after.Members);
    }

    protected async Task UpdateIAmAlive_writes_the_time_and_leaves_the_version()
    {
        var version = (await Table.ReadAllAsync()).Version.Next();
        var entry = TestEntries.New();
        Assert.True(await Table.InsertRowAsync(entry, version));
        var alive = TestEntries.Now().AddSeconds(5);

        // As Orleans's MembershipAgent calls it: the silo's address and the time, nothing else.
        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });

        var data = await Table.ReadAllAsync();
        var read = data.TryGet(entry.SiloAddress)!.Item1;
        Assert.Equal(alive, read.IAmAliveTime);
        Assert.Equal(entry.Status, read.Status);
        Assert.Equal(entry.SiloName, read.SiloName);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(version.Version, data.Version.Version);
    }

    protected async Task CleanupDefunctSiloEntries_removes_old_rows_that_are_not_active()
    {
        var version = (await Table.ReadAllAsync()).Version;

        async Task Insert(MembershipEntry entry)
        {
            Assert.True(await Table.InsertRowAsync(entry, version.Next()));
            version = (await Table.ReadAllAsync()).Version;
        }

        MembershipEntry Old(SiloStatus status)
        {
            var entry = TestEntries.New(status: status);
            entry.StartTime = entry.StartTime.AddDays(-10);
            entry.IAmAliveTime = entry.IAmAliveTime.AddDays(-10);
            return entry;
        }

        var fresh = TestEntries.New();
        await Insert(fresh);
        foreach (var status in Enum.GetValues<SiloStatus>())
        {
            await Insert(Old(status));
        }

        await Table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-7));

        var left = (await Table.ReadAllAsync()).Members.Select(m => m.Item1).ToList();
        Assert.Equal(2, left.Count);
        Assert.Contains(left, e => e.SiloAddress.Equals(fresh.SiloAddress));
        Assert.Contains(left, e => e.Status == SiloStatus.Active);
    }

    protected async Task DeleteMembershipTableEntries_removes_the_cluster()
    {
        Assert.True(await Table.InsertRowAsync(TestEntries.New(), (await Table.ReadAllAsync()).Version.Next()));

        await Table.DeleteMembershipTableEntriesAsync(ClusterId);
        await Table.InitializeMembershipTableAsync(true);

        var data = await Table.ReadAllAsync();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
    }
}

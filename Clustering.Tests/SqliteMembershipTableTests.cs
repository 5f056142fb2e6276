using Maildriver.Clustering.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// What <see cref="SqliteMembershipTable"/> adds to the contract: row ETags checked as well as the version, one file
/// shared by several silos' tables, the SQLite settings that sharing needs, and the whole-cluster restart.
/// </summary>
public sealed class SqliteMembershipTableTests : IAsyncLifetime
{
    private const string Cluster = "maildriver";
    private readonly TemporaryDatabaseFile _file = new();
    private SqliteMembershipTable _md1 = null!;
    private SqliteMembershipTable _md2 = null!;

    public async Task InitializeAsync()
    {
        // Two tables over one file, as the silos MD1 and MD2 of one host have; both try to create the version row.
        _md1 = SqliteMembershipTable.Open(_file.Path, Cluster);
        _md2 = SqliteMembershipTable.Open(_file.Path, Cluster);
        await Task.WhenAll(_md1.InitializeMembershipTableAsync(true), _md2.InitializeMembershipTableAsync(true));
    }

    public Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_table_connections_wait_for_locks_and_sync_fully()
    {
        // The settings are per connection: read them back on one the table opens.
        await using var connection = _md1.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(10_000L, (long?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long?)await command.ExecuteScalarAsync()); // FULL
    }

    [Fact]
    public async Task The_file_is_in_WAL_mode_with_the_schema_version()
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA user_version";
        Assert.Equal(1L, (long?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_write_transaction_takes_the_write_lock_before_it_reads()
    {
        // The table's writes begin IMMEDIATE. Shown the way another silo would feel it: while one holds a write
        // transaction that has done nothing yet, a second connection cannot begin one (a DEFERRED transaction would
        // take no lock until its first write, and two silos could both read the same version and then collide).
        await using var holder = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await holder.OpenAsync();
        await using var other = new SqliteConnection($"Data Source={_file.Path};Pooling=False;Default Timeout=1");
        await other.OpenAsync();

        await using (var noWaiting = other.CreateCommand())
        {
            noWaiting.CommandText = "PRAGMA busy_timeout = 0";
            await noWaiting.ExecuteNonQueryAsync();
        }

        var result = SqliteMembershipTable.Write(holder, _ =>
        {
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            var busy = Assert.Throws<SqliteException>(() => begin.ExecuteNonQuery());
            return (busy.SqliteErrorCode, false);
        });

        Assert.Equal(5, result); // SQLITE_BUSY
    }

    [Fact]
    public async Task Every_field_of_an_entry_comes_back()
    {
        var entry = TestEntries.New(status: SiloStatus.Active);
        entry.RoleName = "mail";
        entry.UpdateZone = 3;
        entry.FaultZone = 7;
        entry.StartTime = new DateTime(2026, 12, 1, 8, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        entry.IAmAliveTime = entry.StartTime.AddTicks(9);
        entry.SuspectTimes = [Tuple.Create(TestEntries.NewSilo(11111), entry.StartTime.AddTicks(42))];

        Assert.True(await _md1.InsertRowAsync(entry, (await _md1.ReadAllAsync()).Version.Next()));

        var read = Assert.Single((await _md2.ReadRowAsync(entry.SiloAddress)).Members).Item1;
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(DateTimeKind.Utc, read.StartTime.Kind);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);
        Assert.Equal(entry.SuspectTimes[0], Assert.Single(read.SuspectTimes!));
        Assert.Equal(("mail", 3, 7), (read.RoleName, read.UpdateZone, read.FaultZone));
    }

    [Fact]
    public async Task UpdateRow_with_a_stale_row_etag_fails_even_at_the_current_version()
    {
        var entry = TestEntries.New();
        Assert.True(await _md1.InsertRowAsync(entry, (await _md1.ReadAllAsync()).Version.Next()));
        var seenByMd2 = await _md2.ReadAllAsync();
        var staleEtag = seenByMd2.TryGet(entry.SiloAddress)!.Item2;

        // MD1 changes the row; MD2 then reads only the version (as if it had missed the row's change).
        entry.Status = SiloStatus.Active;
        var md1View = await _md1.ReadAllAsync();
        Assert.True(await _md1.UpdateRowAsync(entry, md1View.TryGet(entry.SiloAddress)!.Item2, md1View.Version.Next()));
        var current = await _md2.ReadAllAsync();

        entry.Status = SiloStatus.Dead;
        Assert.False(await _md2.UpdateRowAsync(entry, staleEtag, current.Version.Next()));

        var after = await _md1.ReadAllAsync();
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(SiloStatus.Active, after.TryGet(entry.SiloAddress)!.Item1.Status);
    }

    [Fact]
    public async Task UpdateRow_with_a_stale_version_fails_even_with_the_current_row_etag()
    {
        var entry = TestEntries.New();
        Assert.True(await _md1.InsertRowAsync(entry, (await _md1.ReadAllAsync()).Version.Next()));
        var md2View = await _md2.ReadAllAsync();

        // MD1 inserts another silo's row: the version moves on, this row's ETag does not.
        Assert.True(await _md1.InsertRowAsync(TestEntries.New(), (await _md1.ReadAllAsync()).Version.Next()));
        var current = await _md1.ReadAllAsync();
        Assert.Equal(md2View.TryGet(entry.SiloAddress)!.Item2, current.TryGet(entry.SiloAddress)!.Item2);

        entry.Status = SiloStatus.Active;
        Assert.False(await _md2.UpdateRowAsync(entry, md2View.TryGet(entry.SiloAddress)!.Item2, md2View.Version.Next()));

        var after = await _md2.ReadAllAsync();
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(SiloStatus.Joining, after.TryGet(entry.SiloAddress)!.Item1.Status);
    }

    [Fact]
    public async Task InsertRow_with_a_stale_version_inserts_nothing()
    {
        var stale = (await _md2.ReadAllAsync()).Version.Next();
        Assert.True(await _md1.InsertRowAsync(TestEntries.New(), (await _md1.ReadAllAsync()).Version.Next()));

        var late = TestEntries.New();
        Assert.False(await _md2.InsertRowAsync(late, stale));

        Assert.Empty((await _md1.ReadRowAsync(late.SiloAddress)).Members);
        Assert.Equal(1, (await _md1.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task A_version_that_would_not_grow_is_refused()
    {
        var current = (await _md1.ReadAllAsync()).Version;
        Assert.False(await _md1.InsertRowAsync(TestEntries.New(), new TableVersion(current.Version, current.VersionEtag)));
        Assert.Equal(current, (await _md1.ReadAllAsync()).Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_changes_no_etag_and_never_goes_back_through_UpdateRow()
    {
        var entry = TestEntries.New();
        Assert.True(await _md1.InsertRowAsync(entry, (await _md1.ReadAllAsync()).Version.Next()));
        var before = await _md2.ReadAllAsync();
        var etag = before.TryGet(entry.SiloAddress)!.Item2;

        var alive = entry.IAmAliveTime.AddSeconds(30);
        await _md1.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });

        var after = await _md2.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(etag, after.TryGet(entry.SiloAddress)!.Item2);

        // MD2's earlier read is still good for an update (Orleans 10.4 asks heartbeats to leave it so), and the
        // entry it read, with the older I-am-alive time, does not move the heartbeat back.
        var suspected = before.TryGet(entry.SiloAddress)!.Item1;
        suspected.AddSuspector(TestEntries.NewSilo(), TestEntries.Now());
        Assert.True(await _md2.UpdateRowAsync(suspected, etag, before.Version.Next()));
        var row = (await _md1.ReadRowAsync(entry.SiloAddress)).Members[0].Item1;
        Assert.Equal(alive, row.IAmAliveTime);
        Assert.Single(row.SuspectTimes!);
    }

    [Fact]
    public async Task Two_silos_racing_on_one_file_lose_no_update()
    {
        var target = TestEntries.New(status: SiloStatus.Active);
        Assert.True(await _md1.InsertRowAsync(target, (await _md1.ReadAllAsync()).Version.Next()));
        var md1 = TestEntries.NewSilo(20001);
        var md2 = TestEntries.NewSilo(20002);
        const int votesEach = 25;

        // Each silo adds its votes one by one, each a read-modify-write that retries when the other got in first.
        async Task Vote(SqliteMembershipTable table, SiloAddress voter)
        {
            for (var i = 0; i < votesEach; i++)
            {
                while (true)
                {
                    var data = await table.ReadAllAsync();
                    var (entry, etag) = data.TryGet(target.SiloAddress)!;
                    entry.AddSuspector(voter, TestEntries.Now());
                    if (await table.UpdateRowAsync(entry, etag, data.Version.Next()))
                    {
                        break;
                    }
                }
            }
        }

        // (How often they collide depends on scheduling; when they do, the loser's update must fail, not overwrite.)
        await Task.WhenAll(Vote(_md1, md1), Vote(_md2, md2)).WaitAsync(TimeSpan.FromSeconds(60));

        var final = await _md1.ReadAllAsync();
        var votes = final.TryGet(target.SiloAddress)!.Item1.SuspectTimes!;
        Assert.Equal(votesEach, votes.Count(v => v.Item1.Equals(md1)));
        Assert.Equal(votesEach, votes.Count(v => v.Item1.Equals(md2)));
        Assert.Equal(1 + 2 * votesEach, final.Version.Version);
    }

    [Fact]
    public async Task Two_silos_inserting_the_same_row_at_once_insert_it_once()
    {
        for (var round = 0; round < 10; round++)
        {
            var entry = TestEntries.New();
            var version = (await _md1.ReadAllAsync()).Version.Next();

            var results = await Task.WhenAll(_md1.InsertRowAsync(entry, version), _md2.InsertRowAsync(entry, version));

            Assert.Single(results, ok => ok);
        }

        Assert.Equal(10, (await _md2.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task Clusters_in_one_file_do_not_see_each_other()
    {
        var other = SqliteMembershipTable.Open(_file.Path, "another-cluster");
        await other.InitializeMembershipTableAsync(true);
        Assert.True(await other.InsertRowAsync(TestEntries.New(), (await other.ReadAllAsync()).Version.Next()));

        Assert.Empty((await _md1.ReadAllAsync()).Members);
        Assert.Equal(0, (await _md1.ReadAllAsync()).Version.Version);

        await _md1.DeleteMembershipTableEntriesAsync(Cluster);
        Assert.Single((await other.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task Without_InitializeMembershipTable_true_no_write_is_accepted()
    {
        var late = SqliteMembershipTable.Open(_file.Path, "never-initialized");
        await late.InitializeMembershipTableAsync(false);

        var data = await late.ReadAllAsync();
        Assert.Equal(new TableVersion(0, ""), data.Version);
        Assert.False(await late.InsertRowAsync(TestEntries.New(), data.Version.Next()));
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_keeps_a_silo_voted_dead_recently()
    {
        var version = (await _md1.ReadAllAsync()).Version;
        var longSilent = TestEntries.New(status: SiloStatus.Dead);
        longSilent.StartTime = longSilent.IAmAliveTime = TestEntries.Now().AddDays(-10);
        var votedDeadToday = TestEntries.New(status: SiloStatus.Dead);
        votedDeadToday.StartTime = votedDeadToday.IAmAliveTime = TestEntries.Now().AddDays(-10);
        votedDeadToday.AddSuspector(TestEntries.NewSilo(), TestEntries.Now());
        Assert.True(await _md1.InsertRowAsync(longSilent, version.Next()));
        Assert.True(await _md1.InsertRowAsync(votedDeadToday, (await _md1.ReadAllAsync()).Version.Next()));

        await _md2.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-7));

        var left = Assert.Single((await _md1.ReadAllAsync()).Members).Item1;
        Assert.Equal(votedDeadToday.SiloAddress, left.SiloAddress);
    }

    [Fact]
    public async Task After_a_whole_cluster_crash_the_silent_silos_are_declared_dead_and_later_cleaned_up()
    {
        // The file as a crash of every silo left it: MD1-MD3 Active, last alive ten minutes ago.
        var crashed = new List<MembershipEntry>();
        foreach (var (name, port) in new[] { ("MD1", 30001), ("MD2", 30002), ("MD3", 30003) })
        {
            var entry = TestEntries.New(port, SiloStatus.Active, name);
            entry.StartTime = TestEntries.Now().AddHours(-1);
            entry.IAmAliveTime = TestEntries.Now().AddMinutes(-10);
            crashed.Add(entry);
            Assert.True(await _md1.InsertRowAsync(entry, (await _md1.ReadAllAsync()).Version.Next()));
        }

        // A silo of another start that is alive (it wrote I-am-alive just now) and one that started just now.
        var alive = TestEntries.New(30011, SiloStatus.Active, "MD1");
        alive.StartTime = TestEntries.Now().AddMinutes(-20);
        Assert.True(await _md1.InsertRowAsync(alive, (await _md1.ReadAllAsync()).Version.Next()));
        var joining = TestEntries.New(30012, SiloStatus.Joining, "MD2");
        Assert.True(await _md1.InsertRowAsync(joining, (await _md1.ReadAllAsync()).Version.Next()));
        var before = await _md2.ReadAllAsync();

        var staleAfter = SqliteMembershipTable.StaleAfter(new Orleans.Configuration.ClusterMembershipOptions
        {
            IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5),
            NumMissedTableIAmAliveLimit = 3,
        });
        Assert.Equal(TimeSpan.FromSeconds(15), staleAfter);
        var declared = await _md2.DeclareSilentSilosDeadAsync(DateTimeOffset.UtcNow - staleAfter);

        Assert.Equal(crashed.Select(e => e.SiloAddress).Order(), declared.Select(e => e.SiloAddress).Order());
        var after = await _md1.ReadAllAsync();
        Assert.Equal(before.Version.Version + 1, after.Version.Version);
        Assert.NotEqual(before.Version.VersionEtag, after.Version.VersionEtag);
        foreach (var entry in crashed)
        {
            var (row, etag) = after.TryGet(entry.SiloAddress)!;
            Assert.Equal(SiloStatus.Dead, row.Status);
            Assert.NotEqual(before.TryGet(entry.SiloAddress)!.Item2, etag);
        }

        Assert.Equal(SiloStatus.Active, after.TryGet(alive.SiloAddress)!.Item1.Status);
        Assert.Equal(SiloStatus.Joining, after.TryGet(joining.SiloAddress)!.Item1.Status);

        // A second call finds nothing left to do and leaves the version alone.
        Assert.Empty(await _md1.DeclareSilentSilosDeadAsync(DateTimeOffset.UtcNow - staleAfter));
        Assert.Equal(after.Version, (await _md1.ReadAllAsync()).Version);

        // Orleans's cleanup agent removes them once they are old enough (here: anything silent for 5 minutes).
        await _md1.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(-5));
        var left = (await _md2.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).Order().ToList();
        Assert.Equal(new[] { alive.SiloAddress, joining.SiloAddress }.Order(), left);
    }
}

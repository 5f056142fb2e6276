using Maildriver.Clustering.OrleansSql;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// Orleans's own PostgreSQL clustering scripts (deploy/postgres/orleans/, installed by <see cref="OrleansSqlScripts"/>)
/// on a fresh database of the local PostgreSQL server, driven by Orleans's ADO.NET clustering provider
/// (<see cref="AdoNetClusteringTable"/>, invariant "Npgsql") through the whole contract, and its gateway list as
/// clients read it.
/// </summary>
public sealed class PostgresAdoNetClusteringTests : MembershipTableContract
{
    private const string Invariant = "Npgsql";
    private TemporaryPostgresDatabase? _database;

    protected override async Task<IMembershipTable> CreateTableAsync(string clusterId)
    {
        _database = await TemporaryPostgresDatabase.CreateAsync();
        await using (var connection = await _database.OpenAsync())
        {
            await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Clustering);
        }

        return new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "maildriver" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = Invariant, ConnectionString = _database.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
    }

    // Without a server the facts are skipped before InitializeAsync could fail.
    public override async Task InitializeAsync()
    {
        if (new PostgresFactAttribute().Skip is null)
        {
            await base.InitializeAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await base.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Orleans_scripts_make_its_tables_and_every_query_the_provider_reads_and_install_once()
    {
        var tables = await _database!.QueryStringsAsync(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        Assert.Equal(["maildriver_orleans_scripts", "orleansmembershiptable", "orleansmembershipversiontable", "orleansquery"], tables);

        var keys = await _database.QueryStringsAsync("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey");
        Assert.Equal(
            ["CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey",
             "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey",
             "UpdateMembershipKey"],
            keys);

        // A silo installs them at every start: the second time nothing runs, and the rows already there stay.
        Assert.True(await Table.InsertRowAsync(TestEntries.New(), (await Table.ReadAllAsync()).Version.Next()));
        await using (var connection = await _database.OpenAsync())
        {
            Assert.Empty(await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Clustering));
        }

        Assert.Single((await Table.ReadAllAsync()).Members);
    }

    [PostgresFact]
    public async Task Orleans_inserts_and_reads_a_row()
    {
        // (Orleans's ADO.NET provider writes no suspect votes on insert; it never inserts a row that has any.)
        var entry = TestEntries.New(status: SiloStatus.Active);

        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next()));

        var (read, _) = Assert.Single((await Table.ReadAllAsync()).Members);
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);

        // Votes come with updates, in the provider's own text form.
        var data = await Table.ReadAllAsync();
        read.AddSuspector(TestEntries.NewSilo(11111), TestEntries.Now());
        Assert.True(await Table.UpdateRowAsync(read, data.Members[0].Item2, data.Version.Next()));
        var voted = (await Table.ReadRowAsync(entry.SiloAddress)).Members[0].Item1;
        Assert.Equal(read.ToFullString(), voted.ToFullString());
    }

    [PostgresFact]
    public async Task Clients_get_the_gateways_of_active_silos()
    {
        var entries = Enumerable.Range(0, 6).Select(_ => TestEntries.New()).ToArray();
        entries[1].Status = SiloStatus.Active;
        entries[2].Status = SiloStatus.Active;
        entries[2].ProxyPort = 0; // no gateway
        entries[4].Status = SiloStatus.Active;
        foreach (var entry in entries)
        {
            Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next()));
        }

        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = Invariant, ConnectionString = _database!.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = ClusterId, ServiceId = "maildriver" }));
        await gateways.InitializeGatewayListProvider();

        var uris = (await gateways.GetGateways()).Select(u => u.ToString()).Order().ToList();
        var expected = new[] { entries[1], entries[4] }
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri().ToString());
        Assert.Equal(expected.Order(), uris);
    }

    [PostgresFact] public Task ReadAll_of_an_empty_table() => ReadAll_of_an_empty_table_gives_version_zero();

    [PostgresFact] public Task InsertRow() => InsertRow_adds_the_row_and_moves_the_version_on();

    [PostgresFact] public Task InsertRow_stale_version_or_duplicate() => InsertRow_fails_for_a_stale_version_or_a_row_already_there();

    [PostgresFact] public Task ReadRow() => ReadRow_gives_the_row_its_etag_and_the_version();

    [PostgresFact] public Task UpdateRow() => UpdateRow_needs_the_current_version();

    [PostgresFact] public Task UpdateRow_missing_row() => UpdateRow_of_a_missing_row_fails_and_changes_nothing();

    [PostgresFact] public Task UpdateRow_in_parallel() => Racing_updates_of_one_row_each_win_once();

    [PostgresFact] public Task UpdateIAmAlive() => UpdateIAmAlive_writes_the_time_and_leaves_the_version();

    [PostgresFact] public Task CleanupDefunctSiloEntries() => CleanupDefunctSiloEntries_removes_old_rows_that_are_not_active();

    [PostgresFact] public Task DeleteMembershipTableEntries() => DeleteMembershipTableEntries_removes_the_cluster();
}

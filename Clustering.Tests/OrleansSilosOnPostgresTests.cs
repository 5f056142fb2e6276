using System.Net;
using Maildriver.Clustering.OrleansSql;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// Real Orleans 10.4.2 silos (in this process, each its own host and ports) whose membership is Orleans's ADO.NET
/// clustering over Orleans's own PostgreSQL scripts (<see cref="PostgresClusteringHostingExtensions.UsePostgresClustering"/>,
/// which installs them at the silo's start) on a fresh database: they form a cluster, and a stopped silo is Dead.
/// </summary>
public sealed class OrleansSilosOnPostgresTests : IAsyncLifetime
{
    private const string ClusterId = "maildriver-test";
    private TemporaryPostgresDatabase? _database;

    public async Task InitializeAsync() => _database = await TemporaryPostgresDatabase.CreateIfServerAnswersAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Two_silos_form_a_cluster_through_the_database_and_a_stopped_one_is_dead()
    {
        var ports = FreePorts.Take(4);
        using var md1 = BuildSilo("MD1", ports[0], ports[1]);
        using var md2 = BuildSilo("MD2", ports[2], ports[3]);
        try
        {
            // Both start at once: both install into the fresh database, one after the other.
            await Task.WhenAll(md1.StartAsync(), md2.StartAsync());

            await Membership.WaitUntilAsync(md1, s => Membership.ActiveSilos(s) == 2, "MD1 to see two active silos");
            await Membership.WaitUntilAsync(md2, s => Membership.ActiveSilos(s) == 2, "MD2 to see two active silos");
            var rows = await _database!.QueryStringsAsync("SELECT SiloName || ' ' || Status FROM OrleansMembershipTable ORDER BY SiloName");
            Assert.Equal(["MD1 3", "MD2 3"], rows); // 3: Active
            await using (var connection = await _database.OpenAsync())
            {
                Assert.Equal(["PostgreSQL-Clustering.sql", "PostgreSQL-Main.sql"],
                    (await OrleansSqlScripts.ReadInstalledAsync(connection)).Keys.Order(StringComparer.Ordinal));
            }

            // (In one process even a stop with a cancelled token lets the silo write its own row Dead; a silo killed
            // for real, voted dead by the others, is a test of real processes.)
            await md2.StopAsync();

            await Membership.WaitUntilAsync(md1, s => Membership.ActiveSilos(s) == 1, "MD1 to see MD2 gone");
            Assert.Equal(["MD1 3", "MD2 6"], // 6: Dead
                await _database.QueryStringsAsync("SELECT SiloName || ' ' || Status FROM OrleansMembershipTable ORDER BY SiloName"));
        }
        finally
        {
            await StopQuietlyAsync(md2);
            await StopQuietlyAsync(md1);
        }
    }

    private IHost BuildSilo(string name, int siloPort, int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UsePostgresClustering(_database!.ConnectionString)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = "maildriver";
            })
            .Configure<SiloOptions>(o => o.SiloName = name)
            .Configure<ClusterMembershipOptions>(Membership.Fast)
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false));
        return builder.Build();
    }

    private static async Task StopQuietlyAsync(IHost silo)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await silo.StopAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started, or stopped already.
        }
    }
}

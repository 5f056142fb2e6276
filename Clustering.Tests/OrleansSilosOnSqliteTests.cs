using System.Diagnostics;
using System.Net;
using Maildriver.Clustering.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// Real Orleans 10.4.2 silos (in this process, each its own host and ports) whose membership is
/// <see cref="SqliteMembershipTable"/> over one file: they form a cluster through it; after a whole-cluster crash the
/// first silo back waits on the dead silos' Active rows, which the silo's start can clear first.
/// </summary>
public sealed class OrleansSilosOnSqliteTests : IDisposable
{
    private const string ClusterId = "maildriver-test";
    private readonly TemporaryDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Two_silos_form_a_cluster_through_the_file_and_a_stopped_one_is_dead()
    {
        var ports = FreePorts.Take(4);
        using var md1 = BuildSilo("MD1", ports[0], ports[1]);
        using var md2 = BuildSilo("MD2", ports[2], ports[3]);
        await md1.StartAsync();
        await md2.StartAsync();

        await Membership.WaitUntilAsync(md1, s => Membership.ActiveSilos(s) == 2, "MD1 to see two active silos");
        await Membership.WaitUntilAsync(md2, s => Membership.ActiveSilos(s) == 2, "MD2 to see two active silos");
        var table = md1.Services.GetRequiredService<SqliteMembershipTable>();
        var rows = (await table.ReadAllAsync()).Members.Select(m => m.Item1).ToList();
        Assert.Equal(["MD1", "MD2"], rows.Where(r => r.Status == SiloStatus.Active).Select(r => r.SiloName).Order());
        Assert.All(rows, r => Assert.Equal(IPAddress.Loopback, r.SiloAddress.Endpoint.Address));

        await md2.StopAsync();

        await Membership.WaitUntilAsync(md1, s => Membership.ActiveSilos(s) == 1, "MD1 to see MD2 gone");
        var md2Row = (await table.ReadAllAsync()).Members.Single(m => m.Item1.SiloName == "MD2").Item1;
        Assert.Equal(SiloStatus.Dead, md2Row.Status);
        await md1.StopAsync();
    }

    // Measured with Orleans 10.4.2 (one silo restarting, MD2 and MD3 crashed, DESIGN.md's timings): a joining silo
    // pings every Active silo and retries until MaxJoinAttemptTime; meanwhile it probes them and, once their rows
    // are stale (no I-am-alive for IAmAlivePublish × NumMissedTableIAmAliveLimit = 15 s here, 90 s by default),
    // needs only its own vote to declare them dead. Rows silent for long: started in 3-10 s (15 s with Orleans's
    // default timings). Rows of a crash just before: 16-18 s, and with default timings it failed at a 60 s join time.

    [Fact]
    public async Task After_a_whole_cluster_crash_the_first_silo_back_waits_until_the_dead_rows_are_stale()
    {
        var ports = FreePorts.Take(6);
        var table = await SeedCrashedSilosAsync(silentFor: TimeSpan.FromSeconds(1), ports[2], ports[4]);

        // MD2 and MD3 died a second ago: their rows are not stale for 15 s, and a join time shorter than that fails.
        var joinTime = TimeSpan.FromSeconds(5);
        using var md1 = BuildSilo("MD1", ports[0], ports[1], o => o.MaxJoinAttemptTime = joinTime);
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => md1.StartAsync());
        // (It gives up when its next retry, a probe timeout later, would pass the join time.)
        Assert.True(clock.Elapsed >= joinTime - TimeSpan.FromSeconds(1), $"failed after {clock.Elapsed}: {failure}");
        Assert.Contains("OrleansClusterConnectivityCheckFailedException", failure.ToString());
        Assert.All((await table.ReadAllAsync()).Members.Where(m => m.Item1.SiloName != "MD1"),
            m => Assert.Equal(SiloStatus.Active, m.Item1.Status));
    }

    [Fact]
    public async Task After_a_whole_cluster_crash_Orleans_declares_long_silent_silos_dead_itself()
    {
        var ports = FreePorts.Take(6);
        var table = await SeedCrashedSilosAsync(silentFor: TimeSpan.FromMinutes(10), ports[2], ports[4]);

        using var md1 = BuildSilo("MD1", ports[0], ports[1], o => o.MaxJoinAttemptTime = TimeSpan.FromSeconds(30));
        await md1.StartAsync();

        Assert.Equal(1, Membership.ActiveSilos(md1));
        var rows = (await table.ReadAllAsync()).Members.Select(m => m.Item1).ToList();
        Assert.All(rows.Where(r => r.SiloName != "MD1"), r => Assert.Equal(SiloStatus.Dead, r.Status));
        await md1.StopAsync();
    }

    [Fact]
    public async Task After_a_whole_cluster_crash_declaring_the_silent_silos_dead_first_lets_the_silo_start_at_once()
    {
        var ports = FreePorts.Take(6);
        var table = await SeedCrashedSilosAsync(silentFor: TimeSpan.FromMinutes(10), ports[2], ports[4]);

        // What the silo's start does before it starts Orleans.
        var membership = new ClusterMembershipOptions();
        Membership.Fast(membership);
        var declared = await table.DeclareSilentSilosDeadAsync(DateTimeOffset.UtcNow - SqliteMembershipTable.StaleAfter(membership));
        Assert.Equal(["MD2", "MD3"], declared.Select(e => e.SiloName).Order());

        using var md1 = BuildSilo("MD1", ports[0], ports[1], o => o.MaxJoinAttemptTime = TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        await md1.StartAsync();

        // No ping to a dead silo, no probe to wait for: as fast as a first start (about a second here, idle).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"MD1 took {clock.Elapsed} to start");
        Assert.Equal(1, Membership.ActiveSilos(md1));
        await md1.StopAsync();
    }

    /// <summary>
    /// The file as a crash left it: MD2 and MD3 Active, started an hour ago (their generations say so, as Orleans
    /// numbers them: seconds since 2022), last alive <paramref name="silentFor"/> ago, nothing on their ports.
    /// </summary>
    private async Task<SqliteMembershipTable> SeedCrashedSilosAsync(TimeSpan silentFor, int md2Port, int md3Port)
    {
        var table = SqliteMembershipTable.Open(_file.Path, ClusterId);
        await table.InitializeMembershipTableAsync(true);
        var started = DateTime.UtcNow.AddHours(-1);
        var generation = (int)(started - new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        foreach (var (name, port) in new[] { ("MD2", md2Port), ("MD3", md3Port) })
        {
            var crashed = TestEntries.New(port, SiloStatus.Active, name);
            crashed.SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation);
            crashed.StartTime = started;
            crashed.IAmAliveTime = DateTime.UtcNow - silentFor;
            Assert.True(await table.InsertRowAsync(crashed, (await table.ReadAllAsync()).Version.Next()));
        }

        return table;
    }

    private IHost BuildSilo(string name, int siloPort, int gatewayPort, Action<ClusterMembershipOptions>? membership = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseSqliteClustering(o => o.DatabasePath = _file.Path)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = "maildriver";
            })
            .Configure<SiloOptions>(o => o.SiloName = name)
            .Configure<ClusterMembershipOptions>(o =>
            {
                Membership.Fast(o);
                membership?.Invoke(o);
            })
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false));
        return builder.Build();
    }
}

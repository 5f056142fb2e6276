using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Security;
using Maildriver.Clustering.Tests.FaultNet;
using Maildriver.Clustering.Tests.Toys;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>
/// An InProcessTestCluster of three silos named MD1, MD2, MD3, with machine placement, the front door
/// (<see cref="IToyFrontDoor"/>), fast failure detection and short response timeouts, and optionally a fault net and
/// crashes (<see cref="Crashes"/>).
/// </summary>
internal static class ToyClusterBuilder
{
    /// <summary>The toy cluster's secret.</summary>
    public const string Secret = "toy cluster secret";

    /// <summary>The response timeout of silos and client: short, so a dropped call fails quickly.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(3);

    public static InProcessTestCluster Build(FaultNetwork? net = null, Crashes? crashes = null)
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        // InProcessTestCluster names its silos Silo_0, Silo_1...; it copies this name into SiloOptions after our
        // delegates (a SiloOptions.SiloName set in ConfigureSilo is overwritten: TestClusterNamingTests shows it).
        builder.ConfigureSiloHost((silo, host) =>
        {
            silo.SiloName = MachineName(silo.SiloName);
            crashes?.Attach(silo.SiloName, host);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddFrontDoor<IToyFrontDoor>(o => o.ClusterSecret = Secret);
            silo.AddMachinePlacement();
            silo.Configure<ClusterMembershipOptions>(FastFailureDetection);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            if (net is not null)
            {
                silo.AddFaultNet(net);
            }
        });
        builder.ConfigureClient(client =>
        {
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            // The client learns of a dead gateway from this refresh (default one minute).
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            if (net is not null)
            {
                client.AddFaultNet(net);
            }
        });
        return builder.Build();
    }

    /// <summary>Starts <paramref name="cluster"/>; if it fails half way, stops what did start before throwing.</summary>
    public static async Task DeployAsync(InProcessTestCluster cluster)
    {
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await StopAsync(cluster);
            throw;
        }
    }

    /// <summary>Stops the client and every silo still running, then frees the cluster, even if stopping fails.</summary>
    public static async Task StopAsync(InProcessTestCluster cluster)
    {
        try
        {
            await cluster.StopAllSilosAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>"Silo_0" → "MD1": Maildriver numbers its machines from one.</summary>
    public static string MachineName(string testClusterName)
        => $"MD{int.Parse(testClusterName.AsSpan("Silo_".Length), System.Globalization.CultureInfo.InvariantCulture) + 1}";

    /// <summary>DESIGN.md's fast failure detection: a silo that stops answering is dead within about 2-3 s.</summary>
    private static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        // Orleans 10.4.2 adapts the probe timeout up to MaxProbeTimeout (4 × ProbeTimeout by default), and will not vote
        // against a silo whose connection brought a message within MaxProbeTimeout × NumMissedProbesLimit: with the
        // default, 8 s here, a crash was declared only after about 9 s (MachineDownTests measured it).
        o.MaxProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    }
}

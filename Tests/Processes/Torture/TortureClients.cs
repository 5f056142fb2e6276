using System.Net;
using Maildriver.Grains.Server;
using Maildriver.Runtime.Client;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// Real clients of the cluster: <see cref="ClusterClient"/> over <see cref="HttpGatewayConnection"/>s, the same
/// stack the CLI uses, so a dead gateway is skipped and a call cut mid-flight is repeated elsewhere.
/// </summary>
public static class TortureClients
{
    /// <summary>Long enough for a Master takeover (the server itself waits up to 15 s for a Master), short enough to end a run.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(25);

    /// <summary>Every gateway, starting at machine <paramref name="first"/> (mod the count), so clients spread over the machines.</summary>
    public static ClusterClient Rotated(SiloProcessCluster cluster, int first)
    {
        var machines = cluster.Machines;
        var order = Enumerable.Range(0, machines.Count).Select(i => machines[(first + i) % machines.Count]);
        return Over(cluster, order);
    }

    /// <summary>Only <paramref name="machine"/>'s gateway: for calls that must answer from that machine's own store.</summary>
    public static ClusterClient Only(SiloProcessCluster cluster, string machine) => Over(cluster, [machine]);

    public static IMailServer Server(this ClusterClient client) => client.GetGrain<IMailServer>("gateway");

    private static ClusterClient Over(SiloProcessCluster cluster, IEnumerable<string> machines)
        => new(
            machines.Select(m => new HttpGatewayConnection(new DnsEndPoint("127.0.0.1", cluster.Ports(m).Gateway), connectTimeout: TimeSpan.FromSeconds(1))),
            new ClusterClientOptions { CallTimeout = CallTimeout });
}

using Maildriver.Client.Connection;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// Real clients of the cluster: <see cref="FailoverClient"/>s, the same stack the CLI uses (an Orleans client on one
/// gateway at a time), so a dead gateway is skipped and a call cut mid-flight is repeated on the next.
/// </summary>
public static class TortureClients
{
    /// <summary>Long enough for a Master takeover (the server itself waits up to 15 s for a Master), short enough to end a run.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(25);

    /// <summary>Every gateway, starting at machine <paramref name="first"/> (mod the count), so clients spread over the machines.</summary>
    public static FailoverClient Rotated(SiloProcessCluster cluster, int first)
    {
        var machines = cluster.Machines;
        var order = Enumerable.Range(0, machines.Count).Select(i => machines[(first + i) % machines.Count]);
        return Over(cluster, order);
    }

    /// <summary>Only <paramref name="machine"/>'s gateway: for calls that must answer from that machine's own store.</summary>
    public static FailoverClient Only(SiloProcessCluster cluster, string machine) => Over(cluster, [machine]);

    private static FailoverClient Over(SiloProcessCluster cluster, IEnumerable<string> machines)
        => new(
            GatewayList.Parse(string.Join(',', machines.Select(cluster.Gateway))),
            new ClientSettings(cluster.GatewayTls ?? GatewayTrust.System) { ResponseTimeout = CallTimeout });
}

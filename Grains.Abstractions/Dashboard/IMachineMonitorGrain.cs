using Maildriver.Grains.Protocol;
using Orleans.Concurrency;

namespace Maildriver.Grains.Dashboard;

/// <summary>
/// One machine's figures for the dashboard, keyed by the machine name so it runs there: its view, when it started,
/// its mail store's figures and the cluster events it recorded. Any machine's dashboard asks
/// every machine's monitor, over the ordinary silo-to-silo calls.
/// </summary>
[Alias("Maildriver.IMachineMonitorGrain")]
public interface IMachineMonitorGrain : IGrainWithStringKey
{
    /// <summary>The machine's report.</summary>
    [Alias("Report")]
    [AlwaysInterleave]
    Task<MachineReport> Report();

    /// <summary>
    /// Keeps a copy of a cluster event in the machine's store, so that the event outlives the machine that recorded it.
    /// One-way: the recorder never waits for, nor hears from, a machine that is down.
    /// </summary>
    [Alias("Remember")]
    [OneWay]
    Task Remember(ClusterEvent clusterEvent);

    /// <summary>The fingerprint of the machine's mail, read from its store (it reads every letter: ask rarely).</summary>
    [Alias("Digest")]
    [AlwaysInterleave]
    Task<ReplicaDigest> Digest();
}

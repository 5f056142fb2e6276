using Maildriver.Grains.Protocol;
using Orleans.Concurrency;

namespace Maildriver.Grains.Dashboard;

/// <summary>
/// One machine's figures for the dashboard, keyed by the machine name so it runs there: what the runtime counted
/// about its grains, its mail store's figures and the cluster events it recorded. Any machine's dashboard asks
/// every machine's monitor, over the ordinary silo-to-silo calls.
/// </summary>
[Alias("Maildriver.IMachineMonitorGrain")]
public interface IMachineMonitorGrain : IGrainWithStringKey
{
    /// <summary>The machine's report, with per-method figures over the last <paramref name="window"/> (at most a minute).</summary>
    [Alias("Report")]
    [AlwaysInterleave]
    Task<MachineReport> Report(TimeSpan window);

    /// <summary>The fingerprint of the machine's mail, read from its store (it reads every letter: ask rarely).</summary>
    [Alias("Digest")]
    [AlwaysInterleave]
    Task<ReplicaDigest> Digest();
}

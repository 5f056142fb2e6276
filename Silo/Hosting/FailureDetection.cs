using Orleans.Configuration;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// How fast a machine is declared dead, and how long a call waits for an answer. Orleans's defaults take 5–14 s to
/// declare a killed silo dead and let a call in flight to it wait 30 s; Maildriver's clients and Masters need to move
/// on within a few seconds (DESIGN.md §4, measured on two cores: 0.6–1.3 s to declare death with these settings).
/// </summary>
public static class FailureDetection
{
    /// <summary>How long a silo waits for a probe's answer (Orleans: 5 s).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest a probe may wait as Orleans adapts it to a slow peer (Orleans: 4 × <see cref="ProbeTimeout"/>). Orleans
    /// also holds back its vote against a peer that sent it anything within this × <see cref="NumMissedProbesLimit"/>;
    /// at the default a crashed machine was declared dead only after about 9 s, at 1 s after 2–2.6 s (measured, 10.4.2).
    /// </summary>
    public static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects another (Orleans: 3).</summary>
    public const int NumMissedProbesLimit = 2;

    /// <summary>Suspicions needed to declare a silo dead (Orleans: 2); one is enough with three machines, where a
    /// partitioned minority could otherwise never be declared dead by the majority's two votes in time.</summary>
    public const int NumVotesForDeathDeclaration = 1;

    /// <summary>How often a silo rereads the membership table (Orleans: 60 s).</summary>
    public static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How often a silo writes its I-am-alive time (Orleans: 30 s); a whole-cluster restart clears rows silent
    /// for <c>NumMissedTableIAmAliveLimit</c> times this.</summary>
    public static readonly TimeSpan IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a grain call waits for its answer (Orleans: 30 s). Longer than the protocol's longest single wait (a
    /// Master holding a request up to 6.8 s for a Lieutenant, a reader's receive wait), short enough that a call in
    /// flight to a machine that died fails within seconds; long work is cut into calls well below it.
    /// </summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Applies the settings to a silo's membership options.</summary>
    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.MaxProbeTimeout = MaxProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit;
        options.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        options.TableRefreshTimeout = TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
    }
}

namespace Maildriver.Clustering.Placement;

/// <summary>
/// The placement of a grain whose string key names its machine (<see cref="MachineKey"/>): it is activated only on the
/// silo whose <see cref="Orleans.Configuration.SiloOptions.SiloName"/> is that machine, and nowhere else, ever.
/// <see cref="MachinePlacementDirector"/> carries it out; mark grain classes with <see cref="MachinePlacementAttribute"/>.
/// </summary>
/// <remarks>
/// A placement director rather than a placement filter: InProcessTestCluster turns on
/// AssumeHomogenousSilosForTesting, which skips every filter, and a filter that leaves no silo ends in an
/// OrleansException that the placement pipeline retries for up to 30 s (docs/orleans-migration.md, findings 1 and 2).
/// </remarks>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
[Alias("md.MachinePlacement")]
public sealed class MachinePlacement : PlacementStrategy
{
    /// <summary>The one instance grain classes share (the strategy has no state).</summary>
    public static MachinePlacement Instance { get; } = new();

    /// <summary>
    /// False: a machine's grains are not registered in Orleans's grain directory (nor looked up in it: see
    /// <see cref="MachineGrainDirectory"/>). Where such a grain runs follows from its key alone
    /// (<see cref="MachinePlacementDirector"/>), so the directory adds nothing, and it would take something away: when a silo dies, Orleans deactivates every activation whose directory entry that silo held,
    /// [KeepAlive] or not. A Lieutenant whose entry lived on the Master's silo was deactivated by the Master's death
    /// and, with its pulse timer gone, never took over (found by the process tests' kill -9 of the Master).
    /// </summary>
    public override bool IsUsingGrainDirectory => false;
}

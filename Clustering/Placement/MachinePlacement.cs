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
    /// False: a machine-keyed grain is not registered in Orleans's grain directory. It needs none (the director names its
    /// one silo, and that silo's catalog keeps it single), and a registration would put it at the mercy of whichever
    /// silo owns its directory entry: when that silo dies, Orleans deactivates every activation registered there, so a
    /// kill -9 of one machine deactivated the Replica, Lieutenant or Master of a machine that was running fine (its
    /// Lieutenant stopped watching the Master; its Replica answered nothing while deactivating, then was "reborn").
    /// </summary>
    public override bool IsUsingGrainDirectory => false;
}

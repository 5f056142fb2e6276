using Orleans.GrainDirectory;

namespace Maildriver.Clustering.Placement;

/// <summary>
/// The grain directory of <see cref="MachinePlacement"/> grains, which has nothing to keep: where such a grain runs
/// follows from its key and the membership (<see cref="MachinePlacementDirector"/>), so a lookup always says "not
/// registered" and placement asks the director, which answers from this silo's own membership view. Without it, the
/// first call to a machine's grain asked Orleans's distributed directory, whose partition may sit on a silo that just
/// died or an incarnation of a restarted one: the lookup was rejected, retried three times, and failed the call
/// (a silo restarted after a whole-cluster crash failed its start that way).
/// </summary>
public sealed class MachineGrainDirectory : IGrainDirectory
{
    /// <summary>The one instance every machine-placed grain type shares (it has no state).</summary>
    public static MachineGrainDirectory Instance { get; } = new();

    /// <inheritdoc />
    public Task<GrainAddress?> Register(GrainAddress address) => Task.FromResult<GrainAddress?>(address);

    /// <inheritdoc />
    public Task Unregister(GrainAddress address) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<GrainAddress?> Lookup(GrainId grainId) => Task.FromResult<GrainAddress?>(null);

    /// <inheritdoc />
    public Task UnregisterSilos(List<SiloAddress> siloAddresses) => Task.CompletedTask;
}

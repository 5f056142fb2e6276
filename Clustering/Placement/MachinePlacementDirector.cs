using Orleans.Runtime.Placement;

namespace Maildriver.Clustering.Placement;

/// <summary>
/// Places a <see cref="MachinePlacement"/> grain on the Active silo named by its key (<see cref="MachineKey"/>), as
/// this silo's membership view knows it, or fails the call with <see cref="MachineUnavailableException"/>. It never
/// chooses another silo, so the grain is never activated elsewhere.
/// </summary>
/// <remarks>
/// Orleans asks the director only when the grain directory has no live activation, so this runs on the first call
/// after a start and again once the directory has dropped the entry of a silo declared dead. Until then a caller sees
/// the transport's errors instead (see <see cref="Unreachable"/>).
/// </remarks>
public sealed class MachinePlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var machine = MachineKey.Of(target.GrainIdentity);
        var members = membership.CurrentSnapshot.Members.Values;

        // A machine restarted before its old incarnation was declared dead has two Active rows: the newest is the one
        // that is running.
        var silo = members
            .Where(m => m.Status == SiloStatus.Active && string.Equals(m.Name, machine, StringComparison.Ordinal))
            .Select(m => m.SiloAddress)
            .MaxBy(a => a.Generation);
        if (silo is null)
        {
            var seen = string.Join(", ", members.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => $"{m.Name} {m.Status}"));
            return Task.FromException<SiloAddress>(new MachineUnavailableException(
                machine, $"no active silo is named {machine} (placing {target.GrainIdentity}; members: {seen})"));
        }

        return Task.FromResult(silo);
    }
}

using Orleans.Placement;

namespace Maildriver.Clustering.Placement;

/// <summary>Places the grain class on the machine its key names (<see cref="MachinePlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class MachinePlacementAttribute : PlacementAttribute
{
    /// <summary>Marks the class for <see cref="MachinePlacement"/>.</summary>
    public MachinePlacementAttribute()
        : base(MachinePlacement.Instance)
    {
    }
}

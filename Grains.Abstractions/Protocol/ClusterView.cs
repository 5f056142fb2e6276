namespace Maildriver.Grains.Protocol;

/// <summary>Who holds mastership and lieutenancy, and since which epoch. Orders stamped with an older epoch are refused.</summary>
/// <param name="Epoch">Grows at every change of Master.</param>
/// <param name="Master">The machine holding mastership.</param>
/// <param name="Lieutenant">
/// The machine holding lieutenancy, or null while the Master has none: from a takeover until it appoints one. A
/// Master is never its own Lieutenant, since that would leave what it acknowledges with one durable copy.
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.ClusterView")]
public sealed record ClusterView([property: Id(0)] long Epoch, [property: Id(1)] string Master, [property: Id(2)] string? Lieutenant)
{
    /// <summary>How logs and messages name the Lieutenant.</summary>
    public string LieutenantText => Lieutenant ?? "none";

    /// <summary>
    /// Whether this view replaces <paramref name="other"/>: a higher epoch, or, should two Masters ever claim the same
    /// epoch (a Lieutenant that took over while cut off from a Master that had just appointed another), the one
    /// whose Master name sorts last. Any total order does: what matters is that exactly one of them wins everywhere.
    /// </summary>
    public bool Supersedes(ClusterView other)
        => Epoch > other.Epoch || (Epoch == other.Epoch && string.CompareOrdinal(Master, other.Master) > 0);
}

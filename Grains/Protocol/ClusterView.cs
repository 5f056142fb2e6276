namespace Maildriver.Grains.Protocol;

/// <summary>Who holds mastership and lieutenancy, and since which epoch. Orders stamped with an older epoch are refused.</summary>
/// <param name="Epoch">Grows at every change of Master.</param>
/// <param name="Master">The machine holding mastership.</param>
/// <param name="Lieutenant">The machine holding lieutenancy.</param>
public sealed record ClusterView(long Epoch, string Master, string Lieutenant);

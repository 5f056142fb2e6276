namespace Maildriver.Silo.Dashboard;

/// <summary>The cluster as the Master reports it (<c>GET /api/cluster</c>).</summary>
/// <param name="Master">The Master, or null when no Master answered.</param>
/// <param name="Lieutenant">The Lieutenant, or null when no Master answered or the Master has none.</param>
/// <param name="Epoch">The epoch, or null when no Master answered.</param>
/// <param name="StatusError">Why no Master answered.</param>
/// <param name="Machines">Every machine, in configuration order.</param>
/// <param name="NotAcknowledging">Why the Master acknowledges nothing just now (it has no live Lieutenant), or null.</param>
public sealed record ClusterSection(string? Master, string? Lieutenant, long? Epoch, string? StatusError, IReadOnlyList<MachineView> Machines, string? NotAcknowledging = null);

namespace Maildriver.Grains.Dashboard;

/// <summary>The charts' data (<c>GET /api/history</c>).</summary>
/// <param name="IntervalSeconds">The time each point covers.</param>
/// <param name="Machines">Each machine that answered, its points oldest first.</param>
public sealed record HistorySection(double IntervalSeconds, IReadOnlyList<MachineHistory> Machines);

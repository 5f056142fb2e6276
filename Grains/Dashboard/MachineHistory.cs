using Maildriver.Grains.Diagnostics;

namespace Maildriver.Grains.Dashboard;

/// <summary>One machine's recent calls per second and latency.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="Points">Oldest first.</param>
public sealed record MachineHistory(string Machine, IReadOnlyList<MetricsPoint> Points);

namespace Maildriver.Grains.Dashboard;

/// <summary>The grains, as the runtime of every machine that answered measured them (<c>GET /api/grains</c>).</summary>
/// <param name="WindowSeconds">The window the per-method rates and quantiles cover (the last minute).</param>
/// <param name="Activations">Activations per grain class and machine, most first.</param>
/// <param name="Methods">Every grain method called, summed over the machines, busiest first.</param>
/// <param name="Machines">Each machine's totals.</param>
public sealed record GrainsSection(double WindowSeconds, IReadOnlyList<ActivationRow> Activations, IReadOnlyList<MethodRow> Methods, IReadOnlyList<MachineLoad> Machines);

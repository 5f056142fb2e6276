namespace Maildriver.Grains.Dashboard;

/// <summary>The activations of one grain class.</summary>
/// <param name="Grain">The grain class.</param>
/// <param name="PerMachine">Activations per machine (machines that answered).</param>
/// <param name="Total">Their sum.</param>
public sealed record ActivationRow(string Grain, IReadOnlyDictionary<string, int> PerMachine, int Total);

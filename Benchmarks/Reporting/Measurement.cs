namespace Maildriver.Benchmarks.Reporting;

/// <summary>One measured figure.</summary>
/// <param name="Scenario">The scenario and part it belongs to, e.g. <c>runtime/in-silo</c>.</param>
/// <param name="Name">What was measured, e.g. <c>median call</c>.</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Its unit, e.g. <c>µs</c> or <c>calls/s</c>.</param>
/// <param name="Target">The target for it, when it has one.</param>
/// <param name="Note">How it was measured, when the name alone does not say.</param>
public sealed record Measurement(string Scenario, string Name, double Value, string Unit, Target? Target = null, string? Note = null)
{
    /// <summary>True when the target is met, false when missed, null when there is no target.</summary>
    public bool? Pass => Target?.IsMetBy(Value);
}

namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>One timestamped line of a silo's log.</summary>
/// <param name="At">When the silo wrote it (UTC, millisecond resolution).</param>
/// <param name="Machine">The machine whose log it is.</param>
/// <param name="Text">The line after its timestamp, e.g. <c>warn: Maildriver.Grains…[0] Lieutenant MD2 takes over…</c>.</param>
public sealed record SiloLogLine(DateTimeOffset At, string Machine, string Text);

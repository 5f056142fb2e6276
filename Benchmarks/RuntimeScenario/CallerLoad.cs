namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>What one caller grain measured in its window of cross-silo calls.</summary>
/// <param name="Completed">Calls that completed inside the window.</param>
/// <param name="Failed">Calls that failed inside the window.</param>
/// <param name="LatencyTicks">The duration of each completed call, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
/// <param name="FirstError">The first failure's type and message, if any.</param>
[GenerateSerializer]
[Alias("bench.caller-load")]
public sealed record CallerLoad(
    [property: Id(0)] long Completed,
    [property: Id(1)] long Failed,
    [property: Id(2)] long[] LatencyTicks,
    [property: Id(3)] string? FirstError);

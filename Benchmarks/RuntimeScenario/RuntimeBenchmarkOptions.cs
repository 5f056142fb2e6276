namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>Sizes of the runtime scenario.</summary>
public sealed class RuntimeBenchmarkOptions
{
    /// <summary>The sizes of <c>--quick</c>.</summary>
    public static RuntimeBenchmarkOptions Quick { get; } = new() { InSiloCalls = 100_000, InSiloWarmupCalls = 20_000, Duration = TimeSpan.FromSeconds(2) };

    /// <summary>Timed sequential in-silo calls.</summary>
    public int InSiloCalls { get; init; } = 200_000;

    /// <summary>Untimed in-silo calls first, so the JIT has settled (tiered compilation, dynamic PGO).</summary>
    public int InSiloWarmupCalls { get; init; } = 50_000;

    /// <summary>Concurrent callers on the caller silo in the cross-silo part, and of the busier client-to-silo level.</summary>
    public int Callers { get; init; } = 64;

    /// <summary>Untimed load before each measured window (cross-silo and client-to-silo).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Each measured window (cross-silo and client-to-silo).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);
}

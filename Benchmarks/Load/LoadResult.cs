using System.Diagnostics;

namespace Maildriver.Benchmarks.Load;

/// <summary>What a load run measured.</summary>
/// <param name="Completed">Calls that completed successfully inside the measured window.</param>
/// <param name="Failed">Calls that failed inside the measured window.</param>
/// <param name="ElapsedTicks">The measured window, in Stopwatch ticks.</param>
/// <param name="LatencyTicks">The latency of every call counted in <paramref name="Completed"/>, in Stopwatch ticks.</param>
/// <param name="FirstError">The first failure's message, if any call failed.</param>
public sealed record LoadResult(long Completed, long Failed, long ElapsedTicks, long[] LatencyTicks, string? FirstError)
{
    /// <summary>Successful calls per second over the measured window.</summary>
    public double PerSecond => ElapsedTicks <= 0 ? double.NaN : Completed * (double)Stopwatch.Frequency / ElapsedTicks;
}

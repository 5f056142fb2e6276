using System.Diagnostics;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>Percentiles of a set of latencies, in microseconds.</summary>
/// <param name="Count">How many samples.</param>
/// <param name="MeanMicros">The mean.</param>
/// <param name="MedianMicros">The 50th percentile.</param>
/// <param name="P90Micros">The 90th percentile.</param>
/// <param name="P99Micros">The 99th percentile.</param>
/// <param name="MaxMicros">The largest sample.</param>
public sealed record LatencySummary(int Count, double MeanMicros, double MedianMicros, double P90Micros, double P99Micros, double MaxMicros)
{
    /// <summary>Summarizes latencies given in <see cref="Stopwatch"/> ticks; sorts <paramref name="ticks"/> in place.</summary>
    public static LatencySummary FromTicks(long[] ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        if (ticks.Length == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        Array.Sort(ticks);
        var sum = 0.0;
        foreach (var t in ticks)
        {
            sum += t;
        }

        return new LatencySummary(
            ticks.Length,
            ToMicros(sum / ticks.Length),
            ToMicros(Percentile(ticks, 0.50)),
            ToMicros(Percentile(ticks, 0.90)),
            ToMicros(Percentile(ticks, 0.99)),
            ToMicros(ticks[^1]));
    }

    /// <summary>Converts <see cref="Stopwatch"/> ticks to microseconds.</summary>
    public static double ToMicros(double ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    // Nearest rank: the smallest sample with at least p of the samples at or below it, so a p99 is always a latency
    // some call really had rather than an interpolation between two.
    private static long Percentile(long[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

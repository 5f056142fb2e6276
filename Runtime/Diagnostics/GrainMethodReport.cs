namespace Maildriver.Runtime.Diagnostics;

/// <summary>One grain method on one silo: totals since the silo started, and figures over the report's window.</summary>
/// <param name="Grain">The grain class, e.g. <c>MasterGrain</c>.</param>
/// <param name="Method">The method, e.g. <c>Submit</c>.</param>
/// <param name="TotalCalls">Calls since the silo started.</param>
/// <param name="TotalErrors">Of those, calls that ended with an exception.</param>
/// <param name="Calls">Calls in the window.</param>
/// <param name="Errors">Of those, calls that ended with an exception.</param>
/// <param name="CallsPerSecond">Calls in the window divided by its length.</param>
/// <param name="MeanMs">Mean latency in the window, in milliseconds.</param>
/// <param name="P50Ms">Median latency in the window, in milliseconds.</param>
/// <param name="P99Ms">99th percentile of latency in the window, in milliseconds.</param>
/// <param name="Latency">
/// The window's latency histogram: bucket index (see <see cref="LatencyBuckets"/>) to count, empty buckets left
/// out. Histograms of several silos add up, so a cluster-wide quantile can be read from their sum.
/// </param>
public sealed record GrainMethodReport(
    string Grain,
    string Method,
    long TotalCalls,
    long TotalErrors,
    long Calls,
    long Errors,
    double CallsPerSecond,
    double MeanMs,
    double P50Ms,
    double P99Ms,
    IReadOnlyDictionary<int, long> Latency);

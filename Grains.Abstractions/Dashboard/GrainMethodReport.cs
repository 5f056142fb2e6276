namespace Maildriver.Grains.Dashboard;

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
/// The window's latency histogram: bucket index (see <c>LatencyBuckets</c> on the silo) to count, empty buckets left
/// out. Histograms of several silos add up, so a cluster-wide quantile can be read from their sum.
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.GrainMethodReport")]
public sealed record GrainMethodReport(
    [property: Id(0)] string Grain,
    [property: Id(1)] string Method,
    [property: Id(2)] long TotalCalls,
    [property: Id(3)] long TotalErrors,
    [property: Id(4)] long Calls,
    [property: Id(5)] long Errors,
    [property: Id(6)] double CallsPerSecond,
    [property: Id(7)] double MeanMs,
    [property: Id(8)] double P50Ms,
    [property: Id(9)] double P99Ms,
    [property: Id(10)] IReadOnlyDictionary<int, long> Latency);

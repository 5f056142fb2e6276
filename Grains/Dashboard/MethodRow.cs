namespace Maildriver.Grains.Dashboard;

/// <summary>One grain method over the last minute, summed over the machines; quantiles come from the summed histograms.</summary>
/// <param name="Grain">The grain class.</param>
/// <param name="Method">The method.</param>
/// <param name="Calls">Calls in the window.</param>
/// <param name="Errors">Of those, calls that ended with an exception.</param>
/// <param name="CallsPerSecond">Calls per second in the window.</param>
/// <param name="ErrorRate">Errors divided by calls (0 without calls).</param>
/// <param name="MeanMs">Mean latency in milliseconds.</param>
/// <param name="P50Ms">Median latency in milliseconds.</param>
/// <param name="P99Ms">99th percentile of latency in milliseconds.</param>
/// <param name="TotalCalls">Calls since each machine's silo started.</param>
/// <param name="TotalErrors">Errors since each machine's silo started.</param>
/// <param name="CallsPerSecondByMachine">Calls per second per machine.</param>
public sealed record MethodRow(
    string Grain,
    string Method,
    long Calls,
    long Errors,
    double CallsPerSecond,
    double ErrorRate,
    double MeanMs,
    double P50Ms,
    double P99Ms,
    long TotalCalls,
    long TotalErrors,
    IReadOnlyDictionary<string, double> CallsPerSecondByMachine);

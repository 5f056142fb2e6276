namespace Maildriver.Runtime.Diagnostics;

/// <summary>One point of a silo's recent history, for the dashboard's charts.</summary>
/// <param name="Time">The end of the interval the point covers.</param>
/// <param name="CallsPerSecond">Grain calls finished per second during the interval.</param>
/// <param name="ErrorsPerSecond">Of those, calls per second that ended with an exception.</param>
/// <param name="P50Ms">Median latency of those calls, in milliseconds (0 when there were none).</param>
/// <param name="P99Ms">99th percentile of their latency, in milliseconds (0 when there were none).</param>
public sealed record MetricsPoint(DateTimeOffset Time, double CallsPerSecond, double ErrorsPerSecond, double P50Ms, double P99Ms);

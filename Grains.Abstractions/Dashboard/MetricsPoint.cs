namespace Maildriver.Grains.Dashboard;

/// <summary>One point of a silo's recent history, for the dashboard's charts.</summary>
/// <param name="Time">The end of the interval the point covers.</param>
/// <param name="CallsPerSecond">Grain calls finished per second during the interval.</param>
/// <param name="ErrorsPerSecond">Of those, calls per second that ended with an exception.</param>
/// <param name="P50Ms">Median latency of those calls, in milliseconds (0 when there were none).</param>
/// <param name="P99Ms">99th percentile of their latency, in milliseconds (0 when there were none).</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MetricsPoint")]
public sealed record MetricsPoint([property: Id(0)] DateTimeOffset Time, [property: Id(1)] double CallsPerSecond, [property: Id(2)] double ErrorsPerSecond, [property: Id(3)] double P50Ms, [property: Id(4)] double P99Ms);

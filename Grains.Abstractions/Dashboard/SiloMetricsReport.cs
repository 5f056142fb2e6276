namespace Maildriver.Grains.Dashboard;

/// <summary>What one silo measured: its activations, its grain methods over a recent window, and a short history.</summary>
/// <param name="Silo">The silo (machine) name.</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="Time">When the report was taken.</param>
/// <param name="WindowSeconds">The length of the window the per-method figures cover (shorter right after start).</param>
/// <param name="Activations">Activations living on the silo, per grain class.</param>
/// <param name="Methods">Every grain method called on this silo since it started.</param>
/// <param name="History">Calls per second and latency, oldest first, one point per <paramref name="HistoryIntervalSeconds"/>.</param>
/// <param name="HistoryIntervalSeconds">The time each history point covers.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.SiloMetricsReport")]
public sealed record SiloMetricsReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset Time,
    [property: Id(3)] double WindowSeconds,
    [property: Id(4)] IReadOnlyList<GrainActivationCount> Activations,
    [property: Id(5)] IReadOnlyList<GrainMethodReport> Methods,
    [property: Id(6)] IReadOnlyList<MetricsPoint> History,
    [property: Id(7)] double HistoryIntervalSeconds);

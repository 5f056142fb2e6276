using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>How long a send waits for its acknowledgement at a steady, moderate offered load.</summary>
public static class AckLatency
{
    private const string Scenario = "protocol/ack-latency";

    /// <summary>Offers sends on a fixed schedule, rotating over the senders (and so over the gateways).</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var senders = accounts.Senders;
        report.Progress.WriteLine($"{Scenario}: {options.OfferedRate:0.#} sends/s offered for {options.RateDuration.TotalSeconds:0.#} s (open loop)");

        var result = await OpenLoop.RunAsync(
            options.OfferedRate,
            options.RateDuration,
            sequence => senders[(int)(sequence % senders.Count)].SendAsync($"ol-{sequence}"),
            cancellationToken).ConfigureAwait(false);
        var latency = LatencySummary.FromTicks(result.LatencyTicks);
        var rate = options.OfferedRate.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        var note = $"open loop at {rate}/s on a fixed schedule, latency from each send's due time to its ack, sends rotating over all senders and gateways";
        report.Add(new Measurement(Scenario, $"ack p50 at {rate} sends/s", latency.MedianMicros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, $"ack p99 at {rate} sends/s", latency.P99Micros / 1000, "ms", Target.Below(50), note));
        report.Add(new Measurement(Scenario, $"ack max at {rate} sends/s", latency.MaxMicros / 1000, "ms", Note: note));
        if (result.Failed > 0)
        {
            report.Add(new Measurement(Scenario, "failed sends", result.Failed, "sends", Note: $"first failure: {result.FirstError}"));
        }
    }
}

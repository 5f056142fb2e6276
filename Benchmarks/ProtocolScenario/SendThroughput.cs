using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>Acknowledged sends per second with a fixed number of senders sending as fast as acks come back.</summary>
public static class SendThroughput
{
    private const string Scenario = "protocol/send-throughput";

    /// <summary>Runs the senders (spread over the three gateways) through a warm-up and a measured window.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var senders = accounts.Senders;
        Console.WriteLine($"{Scenario}: {senders.Count} senders over {cluster.Machines.Count} gateways, {options.SendWarmup.TotalSeconds:0.#} s warm-up + {options.SendDuration.TotalSeconds:0.#} s");

        CpuSample? sample = null;
        CpuUse? cpu = null;
        var result = await ClosedLoop.RunAsync(
            senders.Count,
            options.SendWarmup,
            options.SendDuration,
            (caller, sequence) => senders[caller].SendAsync($"tp-{caller}-{sequence}"),
            open =>
            {
                if (open)
                {
                    sample = CpuSample.Start(cluster.Processes);
                }
                else
                {
                    cpu = CpuUse.From(sample!.Stop());
                }
            },
            cancellationToken).ConfigureAwait(false);
        var latency = LatencySummary.FromTicks(result.LatencyTicks);
        var note = $"closed loop, {senders.Count} senders, sender i on gateway MD(i mod 3 + 1), one 512-byte letter to one user per send";
        report.Add(new Measurement(Scenario, "acknowledged sends", result.PerSecond, "sends/s", Target.AtLeast(500), note));
        report.Add(new Measurement(Scenario, "ack p50 under this load", latency.MedianMicros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, "ack p99 under this load", latency.P99Micros / 1000, "ms", Note: note));
        if (cpu is not null)
        {
            // Read against the core count: near 100 % the machine itself is the limit; well below, the sends are
            // waiting on something else (disk syncs, locks, timers).
            var cpuNote = $"processor time used during the window by the three silo processes and by this client process, as a share of all {Environment.ProcessorCount} cores";
            report.Add(new Measurement(Scenario, "CPU busy: silos", cpu.SiloShare * 100, "% of machine", Note: cpuNote));
            report.Add(new Measurement(Scenario, "CPU busy: client", cpu.ClientShare * 100, "% of machine", Note: cpuNote));
            report.Add(new Measurement(Scenario, "silo CPU per acknowledged send", cpu.Silos.TotalMicroseconds / Math.Max(1, result.Completed), "µs", Note: cpuNote));
        }

        if (result.Failed > 0)
        {
            report.Add(new Measurement(Scenario, "failed sends", result.Failed, "sends", Note: $"first failure: {result.FirstError}"));
        }
    }
}

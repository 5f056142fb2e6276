using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// Acknowledged sends per second, and their latency, at each concurrency of a sweep: that many senders, each
/// sending as fast as its acks come back. The best level gives the headline figures.
/// </summary>
public static class SendThroughput
{
    private const string Scenario = "protocol/send-throughput";

    /// <summary>Runs each level (senders spread over the three gateways) through a warm-up and a measured window.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        LoadResult? best = null;
        var bestLevel = 0;
        var first = true;
        foreach (var senders in options.Concurrencies)
        {
            var warmup = first ? options.SendWarmup : options.LevelWarmup;
            first = false;
            var result = await LevelAsync(cluster, accounts, senders, warmup, options.SendDuration, report, cancellationToken).ConfigureAwait(false);
            if (best is null || result.PerSecond > best.PerSecond)
            {
                best = result;
                bestLevel = senders;
            }
        }

        if (best is not null)
        {
            var latency = LatencySummary.FromTicks(best.LatencyTicks);
            report.Maildriver.SendsPerSecond = best.PerSecond;
            report.Maildriver.AckP50Ms = latency.MedianMicros / 1000;
            report.Maildriver.AckP99Ms = latency.P99Micros / 1000;
            report.Matched.BestConcurrency = bestLevel;
        }
    }

    // One level of the sweep; its figures go into the report, and its result comes back.
    private static async Task<LoadResult> LevelAsync(
        LocalMailCluster cluster,
        MailAccounts accounts,
        int senders,
        TimeSpan warmup,
        TimeSpan duration,
        BenchmarkReport report,
        CancellationToken cancellationToken)
    {
        const string scenario = Scenario;
        report.Progress.WriteLine($"{scenario}: {senders} sender{(senders == 1 ? string.Empty : "s")} over {Math.Min(senders, cluster.Machines.Count)} gateway(s), {warmup.TotalSeconds:0.#} s warm-up + {duration.TotalSeconds:0.#} s");
        var (result, cpu, machine) = await MeasureAsync(cluster, accounts, senders, warmup, duration, report.Progress, $"tp-{senders}", cancellationToken).ConfigureAwait(false);
        var latency = LatencySummary.FromTicks([.. result.LatencyTicks]);
        var at = $"{senders} sender{(senders == 1 ? string.Empty : "s")}";
        var note = $"closed loop, sender i on gateway MD(i mod 3 + 1), one 512-byte letter to one user per send, {duration.TotalSeconds:0.#} s window after {warmup.TotalSeconds:0.#} s warm-up";
        report.Add(new Measurement(scenario, $"acknowledged sends, {at}", result.PerSecond, "sends/s", Note: note));
        report.Add(new Measurement(scenario, $"ack p50, {at}", latency.MedianMicros / 1000, "ms", Note: note));
        report.Add(new Measurement(scenario, $"ack p99, {at}", latency.P99Micros / 1000, "ms", Note: note));
        if (cpu is not null)
        {
            // Read against the core count: near 100 % the machine itself is the limit; well below, the sends are
            // waiting on something else (disk syncs, locks, timers).
            var cpuNote = $"processor time used during the window by the three silo processes and by this client process, as a share of all {Environment.ProcessorCount} cores";
            report.Add(new Measurement(scenario, $"CPU busy: silos, {at}", cpu.SiloShare * 100, "% of machine", Note: cpuNote));
            report.Add(new Measurement(scenario, $"CPU busy: client, {at}", cpu.ClientShare * 100, "% of machine", Note: cpuNote));
            report.Add(new Measurement(scenario, $"silo CPU per acknowledged send, {at}", cpu.Silos.TotalMicroseconds / Math.Max(1, result.Completed), "µs", Note: cpuNote));
        }

        if (machine is not null)
        {
            // On a shared machine: what the neighbours took while this was measured.
            const string machineNote = "the whole machine during the window (Linux /proc/stat and /proc/pressure): every process's CPU, the hypervisor's steal, and the share of the time some runnable task waited for a core or some task waited on I/O";
            report.Add(new Measurement(scenario, $"CPU busy: rest of the machine, {at}", Math.Max(0, machine.Busy - (cpu?.SiloShare ?? 0) - (cpu?.ClientShare ?? 0)) * 100, "% of machine", Note: machineNote));
            report.Add(new Measurement(scenario, $"CPU stolen by the hypervisor, {at}", machine.Steal * 100, "% of machine", Note: machineNote));
            if (machine.CpuPressure is { } cpuPressure)
            {
                report.Add(new Measurement(scenario, $"CPU pressure (some task waiting for a core), {at}", cpuPressure * 100, "% of the time", Note: machineNote));
            }

            if (machine.IoPressure is { } ioPressure)
            {
                report.Add(new Measurement(scenario, $"I/O pressure (some task waiting on I/O), {at}", ioPressure * 100, "% of the time", Note: machineNote));
            }
        }

        if (result.Failed > 0)
        {
            report.Add(new Measurement(scenario, $"failed sends, {at}", result.Failed, "sends", Note: $"first failure: {result.FirstError}"));
        }

        return result;
    }

    /// <summary>
    /// A closed loop of <paramref name="senders"/> senders (submission ids start with <paramref name="prefix"/>,
    /// unique per call), the processor time the processes used in its measured window, and what the whole machine
    /// did meanwhile (null where the system does not say).
    /// </summary>
    public static async Task<(LoadResult Result, CpuUse? Cpu, MachineLoadUse? Machine)> MeasureAsync(
        LocalMailCluster cluster,
        MailAccounts accounts,
        int senders,
        TimeSpan warmup,
        TimeSpan duration,
        ProgressDisplay progress,
        string prefix,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(progress);
        CpuSample? sample = null;
        CpuUse? cpu = null;
        MachineLoad? machine = null;
        MachineLoadUse? machineUse = null;
        await using var counter = progress.Count($"{senders} senders: acknowledged sends", null);
        var result = await ClosedLoop.RunAsync(
            senders,
            warmup,
            duration,
            async (caller, sequence) =>
            {
                await accounts.Senders[caller].SendAsync($"{prefix}-{caller}-{sequence}").ConfigureAwait(false);
                counter.Add();
            },
            open =>
            {
                if (open)
                {
                    sample = CpuSample.Start(cluster.Processes);
                    machine = MachineLoad.Start();
                }
                else
                {
                    cpu = CpuUse.From(sample!.Stop());
                    machineUse = machine!.Stop();
                }
            },
            cancellationToken).ConfigureAwait(false);
        return (result, cpu, machineUse);
    }
}

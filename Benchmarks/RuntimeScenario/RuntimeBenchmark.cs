using System.Diagnostics;
using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// Orleans alone, no mail protocol: two toy silos as real processes on 127.0.0.1 (<see cref="ToyCluster"/>) and
/// this process as their client. How long a grain call takes inside one silo, how many calls per second grains on
/// one silo make to grains on the other, and how many calls per second a client makes through a gateway.
/// </summary>
public static class RuntimeBenchmark
{
    private const string InSilo = "runtime/in-silo";
    private const string CrossSilo = "runtime/cross-silo";
    private const string ClientToSilo = "runtime/client-to-silo";
    private const int BatchSize = 1000;
    private static readonly TimeSpan ReachLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReachInterval = TimeSpan.FromMilliseconds(100);

    // Time for 64 Drive calls to get from this client to their grains before their shared window opens.
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs every part and adds their figures to <paramref name="report"/>.</summary>
    public static async Task RunAsync(RuntimeBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var clock = Stopwatch.StartNew();
        await using var cluster = await ToyCluster.StartAsync(cancellationToken).ConfigureAwait(false);
        report.Progress.WriteLine($"  2 toy silos (this executable, toy-silo mode) up in {clock.Elapsed.TotalSeconds:0.0} s on 127.0.0.1");
        await ReachAsync(cluster, options.Callers, cancellationToken).ConfigureAwait(false);
        await InSiloAsync(cluster, options, report).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await CrossSiloAsync(cluster, options, report, cancellationToken).ConfigureAwait(false);
        foreach (var callers in new[] { 1, options.Callers }.Distinct())
        {
            await ClientToSiloAsync(cluster, callers, options, report, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string EchoKey(int caller) => $"echo-{caller}";

    // The caller silo learns which silo hosts EchoGrain from the cluster manifest, which it fetches once the target
    // silo has joined: until then a call cannot be placed. Ask until every caller's first call has gone through.
    private static async Task ReachAsync(ToyCluster cluster, int callers, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(ReachInterval);
        while (true)
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, callers).Select(i => cluster.CallerSide.GetGrain<ICallLoopGrain>($"caller-{i}").Reach(EchoKey(i)))).ConfigureAwait(false);
                await cluster.TargetSide.GetGrain<IEchoGrain>("client-echo-0").Echo(0).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && Stopwatch.GetElapsedTime(start) < ReachLimit)
            {
                // Not placeable yet: the next tick asks again.
            }

            await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InSiloAsync(ToyCluster cluster, RuntimeBenchmarkOptions options, BenchmarkReport report)
    {
        report.Progress.WriteLine($"{InSilo}: {options.InSiloCalls:N0} sequential grain-to-grain calls inside the caller silo after {options.InSiloWarmupCalls:N0} untimed");
        var loop = cluster.CallerSide.GetGrain<ICallLoopGrain>("in-silo");

        // From grain code: the driver grain calls the echo grain in one long turn, as grains call each other.
        var perCall = LatencySummary.FromTicks(await loop.TimeEachCall("in-silo-echo", options.InSiloWarmupCalls, options.InSiloCalls).ConfigureAwait(false));
        var batches = LatencySummary.FromTicks(await loop.TimeBatches("in-silo-echo", Math.Max(1, options.InSiloCalls / BatchSize), BatchSize).ConfigureAwait(false));
        const string note = "grain-to-grain in one Orleans silo process: Stopwatch timestamps around each call (adds ~0.05 µs); batch figures are 1000-call batches divided by 1000";
        report.Add(new Measurement(InSilo, "grain→grain median call", perCall.MedianMicros, "µs", Target.Below(5), note));
        report.Add(new Measurement(InSilo, "grain→grain p90 call", perCall.P90Micros, "µs", Note: note));
        report.Add(new Measurement(InSilo, "grain→grain p99 call", perCall.P99Micros, "µs", Note: note));
        report.Add(new Measurement(InSilo, "grain→grain mean call (median 1000-call batch / 1000)", batches.MedianMicros / BatchSize, "µs", Note: note));
    }

    private static async Task CrossSiloAsync(ToyCluster cluster, RuntimeBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        report.Progress.WriteLine($"{CrossSilo}: {options.Callers} caller grains on the caller silo → their own echo grains on the target silo, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s");

        // One shared window (UTC, one clock on one box) so every caller counts the same seconds.
        var opens = DateTime.UtcNow + Lead + options.Warmup;
        var closes = opens + options.Duration;
        var drives = Enumerable.Range(0, options.Callers)
            .Select(i => cluster.CallerSide.GetGrain<ICallLoopGrain>($"caller-{i}").Drive(EchoKey(i), opens, closes))
            .ToArray();
        var (cpu, machine) = await SampleWindowAsync(cluster, opens, options.Duration, cancellationToken).ConfigureAwait(false);
        var loads = await Task.WhenAll(drives).ConfigureAwait(false);

        var completed = loads.Sum(l => l.Completed);
        var failed = loads.Sum(l => l.Failed);
        var latency = LatencySummary.FromTicks([.. loads.SelectMany(l => l.LatencyTicks)]);
        var note = $"{options.Callers} caller grains on one silo process, each calling its own echo grain on another silo process in a loop (Orleans 10.4.2, TCP over 127.0.0.1, default serializer and settings); calls completed in the shared {options.Duration.TotalSeconds:0.#} s window";
        report.Add(new Measurement(CrossSilo, "throughput", completed / options.Duration.TotalSeconds, "calls/s", Target.AtLeast(20_000), note));
        report.Add(new Measurement(CrossSilo, "p50 latency", latency.MedianMicros, "µs", Note: note));
        report.Add(new Measurement(CrossSilo, "p99 latency", latency.P99Micros, "µs", Note: note));
        AddLoad(report, CrossSilo, string.Empty, cpu, machine);
        if (failed > 0)
        {
            report.Add(new Measurement(CrossSilo, "failed calls", failed, "calls", Note: $"first failure: {loads.Select(l => l.FirstError).FirstOrDefault(e => e is not null)}"));
        }
    }

    private static async Task ClientToSiloAsync(ToyCluster cluster, int callers, RuntimeBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var at = $"{callers} caller{(callers == 1 ? string.Empty : "s")}";
        report.Progress.WriteLine($"{ClientToSilo}: {at} in this process → echo grains on the target silo through its gateway, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s");
        var targets = Enumerable.Range(0, callers).Select(i => cluster.TargetSide.GetGrain<IEchoGrain>($"client-echo-{i}")).ToArray();
        CpuSample? cpu = null;
        MachineLoad? machine = null;
        (IReadOnlyList<(string Name, TimeSpan Cpu)> PerProcess, TimeSpan Wall)? used = null;
        MachineLoadUse? load = null;
        var result = await ClosedLoop.RunAsync(
            callers,
            options.Warmup,
            options.Duration,
            (caller, sequence) => targets[caller].Echo((int)sequence),
            opened =>
            {
                if (opened)
                {
                    cpu = CpuSample.Start(cluster.Processes);
                    machine = MachineLoad.Start();
                }
                else
                {
                    used = cpu?.Stop();
                    load = machine?.Stop();
                }
            },
            cancellationToken).ConfigureAwait(false);
        var latency = LatencySummary.FromTicks(result.LatencyTicks);
        var note = $"{at} in the benchmark's process, each calling its own echo grain in a loop through an Orleans client whose one gateway is the target silo's (TCP over 127.0.0.1)";
        report.Add(new Measurement(ClientToSilo, $"throughput, {at}", result.PerSecond, "calls/s", Note: note));
        report.Add(new Measurement(ClientToSilo, $"p50 latency, {at}", latency.MedianMicros, "µs", Note: note));
        report.Add(new Measurement(ClientToSilo, $"p99 latency, {at}", latency.P99Micros, "µs", Note: note));
        AddLoad(report, ClientToSilo, $", {at}", used, load);
        if (result.Failed > 0)
        {
            report.Add(new Measurement(ClientToSilo, $"failed calls, {at}", result.Failed, "calls", Note: $"first failure: {result.FirstError}"));
        }
    }

    // Processor time of each process, and the whole machine's, over the measured window alone.
    private static async Task<((IReadOnlyList<(string Name, TimeSpan Cpu)> PerProcess, TimeSpan Wall)? Cpu, MachineLoadUse? Machine)> SampleWindowAsync(
        ToyCluster cluster, DateTime opens, TimeSpan duration, CancellationToken cancellationToken)
    {
        var untilOpen = opens - DateTime.UtcNow;
        if (untilOpen > TimeSpan.Zero)
        {
            await Task.Delay(untilOpen, cancellationToken).ConfigureAwait(false);
        }

        var cpu = CpuSample.Start(cluster.Processes);
        var machine = MachineLoad.Start();
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        return (cpu.Stop(), machine.Stop());
    }

    private static void AddLoad(BenchmarkReport report, string scenario, string at, (IReadOnlyList<(string Name, TimeSpan Cpu)> PerProcess, TimeSpan Wall)? used, MachineLoadUse? machine)
    {
        if (used is { } u)
        {
            foreach (var (process, time) in u.PerProcess)
            {
                report.Add(new Measurement(scenario, $"CPU in the window{at}: {process}", time.TotalSeconds / u.Wall.TotalSeconds * 100, "% of one core",
                    Note: $"processor time of each process over the measured window, as a share of one core ({Environment.ProcessorCount} cores, shared with whatever else runs)"));
            }
        }

        if (machine?.CpuPressure is { } pressure)
        {
            report.Add(new Measurement(scenario, $"CPU pressure in the window{at} (some task waiting for a core)", pressure * 100, "% of the time",
                Note: "the whole machine during the window (Linux /proc/pressure/cpu): how much the neighbours and the three processes competed for the cores"));
        }
    }
}

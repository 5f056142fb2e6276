using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Hosting;
using Maildriver.Runtime.Testing;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// The runtime alone, no mail protocol: how long a grain call takes inside one silo, and how many calls per second
/// one silo can make to another over the real HTTP/2 transport.
/// </summary>
public static class RuntimeBenchmark
{
    private const string InSilo = "runtime/in-silo";
    private const string CrossSilo = "runtime/cross-silo";
    private const int BatchSize = 1000;

    /// <summary>Runs both parts and adds their figures to <paramref name="report"/>.</summary>
    public static async Task RunAsync(RuntimeBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        await InSiloAsync(options, report).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await CrossSiloAsync(options, report, cancellationToken).ConfigureAwait(false);
    }

    private static void AddGrains(SiloHostBuilder silo)
    {
        silo.Grains.Add<IEchoGrain, EchoGrain>();
        silo.Grains.Add<ICallLoopGrain, CallLoopGrain>();
    }

    private static async Task InSiloAsync(RuntimeBenchmarkOptions options, BenchmarkReport report)
    {
        Console.WriteLine($"runtime/in-silo: 1 silo (in-memory transport), {options.InSiloCalls:N0} sequential calls after {options.InSiloWarmupCalls:N0} untimed");

        // The in-memory transport is never used: the call stays inside the silo. It only spares Kestrel's start-up.
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { SiloCount = 1, ConfigureSilo = AddGrains }).ConfigureAwait(false);
        var silo = cluster.GetSilo("MD1");
        var loop = silo.GrainFactory.GetGrain<ICallLoopGrain>("MD1/loop");

        // From grain code: the driver grain calls the echo grain in one long turn, as grains call each other.
        var perCall = LatencySummary.FromTicks(await loop.TimeEachCall("MD1/echo", options.InSiloWarmupCalls, options.InSiloCalls).ConfigureAwait(false));
        var batches = LatencySummary.FromTicks(await loop.TimeBatches("MD1/echo", Math.Max(1, options.InSiloCalls / BatchSize), BatchSize).ConfigureAwait(false));
        const string grainNote = "grain-to-grain: Stopwatch timestamps around each call (adds ~0.05 µs); batch figures are 1000-call batches divided by 1000";
        report.Add(new Measurement(InSilo, "grain→grain median call", perCall.MedianMicros, "µs", Target.Below(5), grainNote));
        report.Add(new Measurement(InSilo, "grain→grain p90 call", perCall.P90Micros, "µs", Note: grainNote));
        report.Add(new Measurement(InSilo, "grain→grain p99 call", perCall.P99Micros, "µs", Note: grainNote));
        report.Add(new Measurement(InSilo, "grain→grain mean call (median 1000-call batch / 1000)", batches.MedianMicros / BatchSize, "µs", Note: grainNote));

        // From outside grain code, through the silo's GrainFactory: what a startup task or a test sees.
        var echo = silo.GrainFactory.GetGrain<IEchoGrain>("MD1/echo-outside");
        for (var i = 0; i < options.InSiloWarmupCalls; i++)
        {
            await echo.Echo(i).ConfigureAwait(false);
        }

        var durations = new long[options.InSiloCalls];
        for (var i = 0; i < durations.Length; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await echo.Echo(i).ConfigureAwait(false);
            durations[i] = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }

        var outside = LatencySummary.FromTicks(durations);
        const string outsideNote = "factory→grain: calls from outside grain code via SiloHost.GrainFactory, Stopwatch timestamps around each call";
        report.Add(new Measurement(InSilo, "factory→grain median call", outside.MedianMicros, "µs", Target.Below(5), outsideNote));
        report.Add(new Measurement(InSilo, "factory→grain p90 call", outside.P90Micros, "µs", Note: outsideNote));
        report.Add(new Measurement(InSilo, "factory→grain p99 call", outside.P99Micros, "µs", Note: outsideNote));
    }

    private static async Task CrossSiloAsync(RuntimeBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        Console.WriteLine($"runtime/cross-silo: 2 silos over HTTP/2 on loopback, {options.Callers} callers on MD1 → MD2, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s");
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            SiloCount = 2,
            UseHttpTransport = true,
            ConfigureSilo = AddGrains,
        }).ConfigureAwait(false);

        // One target grain per caller, so the figure is the transport's and not one activation's turn queue.
        var factory = cluster.GetSilo("MD1").GrainFactory;
        var targets = Enumerable.Range(0, options.Callers).Select(i => factory.GetGrain<IEchoGrain>($"MD2/echo-{i}")).ToArray();
        await Task.WhenAll(targets.Select(t => t.Echo(0))).ConfigureAwait(false);

        var result = await ClosedLoop.RunAsync(
            options.Callers,
            options.Warmup,
            options.Duration,
            (caller, sequence) => targets[caller].Echo((int)sequence),
            null,
            cancellationToken).ConfigureAwait(false);
        var latency = LatencySummary.FromTicks(result.LatencyTicks);
        var note = $"{options.Callers} callers on MD1, each calling its own grain on MD2 in a loop; HTTP/2 silo stream over 127.0.0.1, both silos in this process";
        report.Add(new Measurement(CrossSilo, "throughput", result.PerSecond, "calls/s", Target.AtLeast(20_000), note));
        report.Add(new Measurement(CrossSilo, "p50 latency", latency.MedianMicros, "µs", Note: note));
        report.Add(new Measurement(CrossSilo, "p99 latency", latency.P99Micros, "µs", Note: note));
        if (result.Failed > 0)
        {
            report.Add(new Measurement(CrossSilo, "failed calls", result.Failed, "calls", Note: $"first failure: {result.FirstError}"));
        }
    }
}

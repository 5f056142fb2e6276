using System.Diagnostics;
using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// What open dashboards cost: the silos' processor time when idle and the acknowledged sends per second under full
/// load, each in windows without and with a viewer of both pages (Maildriver's and the Orleans Dashboard's overview)
/// on every machine, alternating so that a change in what else the machine runs affects both sides alike, after the
/// pages have been open a while. (The Orleans Dashboard's grain-call profiler is on every silo but times calls only
/// until a minute after the last page's request, GrainProfilerOptions.DeactivationTime: every "without" window here
/// comes within that minute of the warm-up or of a "with" window, so both sides are profiled and the figure is the
/// cost of the pages' own requests.)
/// </summary>
public static class DashboardOverhead
{
    private const string Scenario = "dashboard";
    private static readonly TimeSpan LoadWarmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WarmupLimit = TimeSpan.FromSeconds(30);

    /// <summary>Opens the dashboards for a warm-up, runs the alternating windows, and reports both sides and the difference.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var senders = options.Senders;
        var window = options.DashboardWindow;
        report.Progress.WriteLine($"{Scenario}: {options.DashboardPairs} × (idle, then {senders} senders) for {window.TotalSeconds:0.#} s each, pages {options.DashboardPages}, without and with /api/overview every {DashboardViewer.RefreshInterval.TotalSeconds:0.#} s and the Orleans Dashboard's overview every {DashboardViewer.OrleansRefreshInterval.TotalSeconds:0.#} s on all {cluster.Dashboards.Count} machines");

        // The first refreshes compile the dashboard's code (tier 0, then tier 1 after some thirty calls, which at one
        // snapshot a second takes half a minute) and take the first digests: one-off costs, paid before the windows
        // so that they measure an open dashboard, not an opening one.
        report.Progress.WriteLine($"  the dashboards open for {options.DashboardWarmup.TotalSeconds:0} s first (at least two refreshes each)");
        await using (var warm = DashboardViewer.Start(cluster.Dashboards, "admin", LocalMailCluster.AdminPassword, options.DashboardPages))
        {
            var opened = Stopwatch.GetTimestamp();
            if (!await warm.UntilAnsweredAsync(2L * cluster.Dashboards.Count, WarmupLimit, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"the dashboards answered {warm.Answers} refreshes ({warm.Failures} failed) in {WarmupLimit.TotalSeconds:0} s");
            }

            var left = options.DashboardWarmup - Stopwatch.GetElapsedTime(opened);
            if (left > TimeSpan.Zero)
            {
                // Not a wait for something to happen: the warm-up is this long on purpose.
                await Task.Delay(left, cancellationToken).ConfigureAwait(false);
            }
        }

        var idle = await IdleWindowsAsync(cluster, options, cancellationToken).ConfigureAwait(false);
        var load = await LoadWindowsAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);

        double Idle(int side) => idle[side].Cpu.TotalMilliseconds / idle[side].Wall.TotalSeconds;
        double Rate(int side) => load[side].Sends * (double)Stopwatch.Frequency / load[side].Ticks;
        double PerSend(int side) => load[side].Cpu.TotalMicroseconds / Math.Max(1, load[side].Sends);
        var note = $"pages open: {options.DashboardPages}; the same cluster, idle windows and then load windows, each alternating without and with a viewer (ABBA order) on every machine (GET /api/overview every 1.5 s as Maildriver's page does, and the Orleans Dashboard overview's DashboardCounters, ClusterStats and TopGrainMethods every 1 s, with Basic credentials)";
        report.Add(new Measurement(Scenario, "silo CPU when idle, no viewer", Idle(0), "ms/s", Note: note));
        report.Add(new Measurement(Scenario, "silo CPU when idle, dashboards open", Idle(1), "ms/s", Note: note));
        report.Add(new Measurement(Scenario, "idle cost of open dashboards", Idle(1) - Idle(0), "ms/s", Note: note + "; processor time of all three silos per second of wall time"));
        report.Add(new Measurement(Scenario, "silo CPU per dashboard refresh (idle windows)", idle[1].Answers == 0 ? double.NaN : (idle[1].Cpu - idle[0].Cpu).TotalMilliseconds / idle[1].Answers, "ms",
            Note: note + "; the idle difference over the refreshes answered in the idle windows: one /api/overview builds a snapshot (the Master's Status, every machine's report and mail figures) and now and then a digest comparison"));
        report.Add(new Measurement(Scenario, $"acknowledged sends, {options.Senders} senders, no viewer", Rate(0), "sends/s", Note: note));
        report.Add(new Measurement(Scenario, $"acknowledged sends, {options.Senders} senders, dashboards open", Rate(1), "sends/s", Note: note));
        var pairs = load[1].Pairs.Select((with, i) => (1 - (with / load[0].Pairs[i])) * 100).ToList();
        var byPair = $"; by pair (ABBA order, each the loss in its two windows): {string.Join(", ", pairs.Select(l => $"{l:0.0} %"))}";
        report.Add(new Measurement(Scenario, "send rate lost to open dashboards", (1 - (Rate(1) / Rate(0))) * 100, "%", Note: note + "; all windows of each side together; negative: faster with the dashboards open, i.e. within the noise" + byPair));
        report.Add(new Measurement(Scenario, "send rate lost to open dashboards, median pair", Median.Of(pairs), "%", Note: note + byPair));
        report.Add(new Measurement(Scenario, "silo CPU per send, no viewer", PerSend(0), "µs", Note: note));
        report.Add(new Measurement(Scenario, "silo CPU per send, dashboards open", PerSend(1), "µs", Note: note));
        report.Add(new Measurement(Scenario, "dashboard refreshes answered under load (failed)", load[1].Answers, $"({load[1].Failures} failed)", Note: note));
        report.Add(new Measurement(Scenario, "Orleans Dashboard requests answered under load (failed)", load[1].OrleansAnswers, $"({load[1].OrleansFailures} failed)", Note: note));
        report.Add(new Measurement(Scenario, "mean refresh time under load", load[1].Response.TotalMilliseconds / options.DashboardPairs, "ms",
            Note: note + $"; mean answer {load[1].Bytes / options.DashboardPairs / 1024:0.#} KiB"));
    }

    // The idle windows, without (index 0) and with (index 1) a viewer: whatever the silos do by themselves (pulses,
    // samplers) plus, with a viewer, the dashboard. They all come before the load windows: the tiered JIT's
    // backlog after a load window would otherwise land in whichever idle window follows it and bill that side.
    private static async Task<IdleTotals[]> IdleWindowsAsync(LocalMailCluster cluster, ProtocolBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var totals = new[] { new IdleTotals(), new IdleTotals() };
        for (var pair = 0; pair < options.DashboardPairs; pair++)
        {
            for (var step = 0; step < 2; step++)
            {
                var watched = Watched(pair, step);
                await cluster.QuietAsync().ConfigureAwait(false);
                await using var viewer = watched == 1 ? DashboardViewer.Start(cluster.Dashboards, "admin", LocalMailCluster.AdminPassword, options.DashboardPages) : null;
                var sample = CpuSample.Start(cluster.Processes);
                await Task.Delay(options.DashboardWindow, cancellationToken).ConfigureAwait(false);
                var used = CpuUse.From(sample.Stop());
                totals[watched] = totals[watched].Add(used.Silos, used.Wall, viewer?.Answers ?? 0);
            }
        }

        return totals;
    }

    // The load windows, without (index 0) and with (index 1) a viewer, at the sweep's largest concurrency.
    private static async Task<LoadTotals[]> LoadWindowsAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var totals = new[] { new LoadTotals(), new LoadTotals() };
        for (var pair = 0; pair < options.DashboardPairs; pair++)
        {
            for (var step = 0; step < 2; step++)
            {
                var watched = Watched(pair, step);
                await cluster.QuietAsync().ConfigureAwait(false);
                await using var viewer = watched == 1 ? DashboardViewer.Start(cluster.Dashboards, "admin", LocalMailCluster.AdminPassword, options.DashboardPages) : null;
                var (result, cpu, _) = await SendThroughput.MeasureAsync(
                    cluster, accounts, options.Senders, LoadWarmup, options.DashboardWindow, report.Progress, $"dash-{pair}-{watched}", cancellationToken).ConfigureAwait(false);
                totals[watched] = totals[watched].Add(result, cpu, viewer);
            }
        }

        return totals;
    }

    // ABBA: without then with in even pairs, with then without in odd ones, so that a drift over the run (a store
    // that grows, a neighbour that gets busier) weighs on both sides alike instead of always on the second.
    private static int Watched(int pair, int step) => pair % 2 == 0 ? step : 1 - step;

    private sealed record IdleTotals(TimeSpan Cpu = default, TimeSpan Wall = default, long Answers = 0)
    {
        public IdleTotals Add(TimeSpan cpu, TimeSpan wall, long answers) => new(Cpu + cpu, Wall + wall, Answers + answers);
    }

    private sealed record LoadTotals(
        long Sends = 0, long Ticks = 0, TimeSpan Cpu = default, long Answers = 0, long Failures = 0, TimeSpan Response = default, double Bytes = 0, long OrleansAnswers = 0, long OrleansFailures = 0)
    {
        public LoadTotals Add(LoadResult result, CpuUse? cpu, DashboardViewer? viewer) => new(
            Sends + result.Completed,
            Ticks + result.ElapsedTicks,
            Cpu + (cpu?.Silos ?? TimeSpan.Zero),
            Answers + (viewer?.Answers ?? 0),
            Failures + (viewer?.Failures ?? 0),
            Response + (viewer?.MeanResponse ?? TimeSpan.Zero),
            Bytes + (viewer?.MeanBytes ?? 0),
            OrleansAnswers + (viewer?.OrleansAnswers ?? 0),
            OrleansFailures + (viewer?.OrleansFailures ?? 0))
        {
            Pairs = [.. Pairs, result.Completed * (double)Stopwatch.Frequency / result.ElapsedTicks],
        };

        /// <summary>Each pair's sends/s on this side, in the order of the pairs.</summary>
        public IReadOnlyList<double> Pairs { get; init; } = [];
    }
}

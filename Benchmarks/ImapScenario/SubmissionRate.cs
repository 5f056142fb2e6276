using System.Globalization;
using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// Acknowledged sends per second through SMTP submission against the client API the CLI uses (the protocol scenario's
/// closed loop), the same senders, letter and concurrency, their windows alternated (API then SMTP, SMTP then API, ...)
/// for several rounds; the issue wants SMTP within 10 % of the CLI's rate.
/// </summary>
public static class SubmissionRate
{
    private const string Scenario = "imap/submission";

    /// <summary>Measures the client API, then SMTP, and records both and their ratio.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, ImapAccounts accounts, ImapBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var senders = accounts.Senders;

        // Alternated, round after round, the first path of a round being the second of the round before (API SMTP,
        // SMTP API, ...): the machine's speed drifts by 10-20 % between windows on two cores, and the store grows with
        // every window, so one path always going first would take the drift into the ratio.
        List<(LoadResult Result, CpuUse? Cpu)> api = [], smtp = [];
        await using (var smtpSenders = await SmtpSenders.ConnectAsync(cluster, senders, cancellationToken).ConfigureAwait(false))
        {
            // One untimed window of each first: the JIT still compiles each path's hot code well after its first
            // seconds (a fifth of the samples of a first window were the tiered compiler's), so a path's first window
            // would pay for it.
            await LoopAsync(cluster, report, "client API (untimed)", senders.Count, options, (caller, sequence) => senders[caller].SendAsync($"imap-api-untimed-{caller}-{sequence}"), cancellationToken).ConfigureAwait(false);
            await LoopAsync(cluster, report, "SMTP (untimed)", senders.Count, options, (caller, _) => smtpSenders.SendAsync(caller, cancellationToken), cancellationToken).ConfigureAwait(false);
            await cluster.QuietAsync().ConfigureAwait(false);
            for (var round = 0; round < options.SubmissionRounds; round++)
            {
                var label = round;
                Func<Task> viaApi = async () => api.Add(await LoopAsync(cluster, report, "client API", senders.Count, options, (caller, sequence) => senders[caller].SendAsync($"imap-api-{label}-{caller}-{sequence}"), cancellationToken).ConfigureAwait(false));
                Func<Task> viaSmtp = async () => smtp.Add(await LoopAsync(cluster, report, "SMTP", senders.Count, options, (caller, _) => smtpSenders.SendAsync(caller, cancellationToken), cancellationToken).ConfigureAwait(false));
                foreach (var path in round % 2 == 0 ? [viaApi, viaSmtp] : new[] { viaSmtp, viaApi })
                {
                    await path().ConfigureAwait(false);
                    await cluster.QuietAsync().ConfigureAwait(false);
                }
            }
        }

        var at = $"{senders.Count} senders";
        var rounds = string.Join(", ", api.Zip(smtp, (a, b) => string.Create(CultureInfo.InvariantCulture, $"{b.Result.PerSecond / a.Result.PerSecond:0.00} ({b.Result.PerSecond:0}/{a.Result.PerSecond:0})")));
        var note = $"closed loop, sender i on MD(i mod 3 + 1), one 512-byte letter to one user per send, after one untimed window of each, {options.SubmissionRounds} rounds of a client API and an SMTP window (API first in odd rounds, SMTP first in even ones), each {options.SubmissionDuration.TotalSeconds:0.#} s after {options.SubmissionWarmup.TotalSeconds:0.#} s warm-up, counted together (SMTP ÷ API by round, sends/s in brackets: {rounds}); the client API through the CLI's FailoverClient, SMTP through MailKit's SmtpClient (AUTH PLAIN, one connection per sender, a fresh Message-ID per letter)";
        var (apiTotal, smtpTotal) = (Together(api), Together(smtp));
        Record(report, apiTotal, api, "client API (the CLI's path)", at, note);
        Record(report, smtpTotal, smtp, "SMTP submission", at, note);
        var ratio = smtpTotal.PerSecond / apiTotal.PerSecond;
        report.Imap.ApiPerSecond = apiTotal.PerSecond;
        report.Imap.SmtpPerSecond = smtpTotal.PerSecond;
        report.Imap.SubmissionSenders = senders.Count;
        report.Add(new Measurement(Scenario, $"SMTP ÷ client API, {at}", ratio * 100, "%", Target.AtLeast(90), note));
    }

    // Each window's result and the processor time the silos and this process (the senders) used in it.
    private static async Task<(LoadResult Result, CpuUse? Cpu)> LoopAsync(LocalMailCluster cluster, BenchmarkReport report, string path, int senders, ImapBenchmarkOptions options, Func<int, long, Task> send, CancellationToken cancellationToken)
    {
        report.Progress.WriteLine($"{Scenario}: {path}, {senders} senders, {options.SubmissionWarmup.TotalSeconds:0.#} s warm-up + {options.SubmissionDuration.TotalSeconds:0.#} s");
        await using var counter = report.Progress.Count($"{path}: acknowledged sends", null);
        CpuSample? sample = null;
        CpuUse? cpu = null;
        var result = await ClosedLoop.RunAsync(
            senders,
            options.SubmissionWarmup,
            options.SubmissionDuration,
            async (caller, sequence) =>
            {
                await send(caller, sequence).ConfigureAwait(false);
                counter.Add();
            },
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
        return (result, cpu);
    }

    // The windows as one: every acknowledged send over all their time.
    private static LoadResult Together(IReadOnlyList<(LoadResult Result, CpuUse? Cpu)> measured)
    {
        var windows = measured.Select(m => m.Result).ToList();
        return new(
            windows.Sum(w => w.Completed),
            windows.Sum(w => w.Failed),
            windows.Sum(w => w.ElapsedTicks),
            [.. windows.SelectMany(w => w.LatencyTicks)],
            windows.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    private static void Record(BenchmarkReport report, LoadResult result, IReadOnlyList<(LoadResult Result, CpuUse? Cpu)> windows, string path, string at, string note)
    {
        var latency = LatencySummary.FromTicks([.. result.LatencyTicks]);
        report.Add(new Measurement(Scenario, $"{path}: acknowledged sends, {at}", result.PerSecond, "sends/s", Note: note));
        if (windows.All(w => w.Cpu is not null) && result.Completed > 0)
        {
            // On two cores the senders' own processor time is taken from the silos': each side's is counted apart.
            var sends = (double)windows.Sum(w => w.Result.Completed);
            report.Add(new Measurement(Scenario, $"{path}: silo CPU per send, {at}", windows.Sum(w => w.Cpu!.Silos.TotalMicroseconds) / sends, "µs", Note: note + "; the three silos' processor time in the measured windows over the sends acknowledged in them"));
            report.Add(new Measurement(Scenario, $"{path}: senders' CPU per send, {at}", windows.Sum(w => w.Cpu!.Client.TotalMicroseconds) / sends, "µs", Note: note + "; the benchmark process's own processor time (the senders, on the same two cores)"));
        }
        report.Add(new Measurement(Scenario, $"{path}: ack p50, {at}", latency.MedianMicros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, $"{path}: ack p99, {at}", latency.P99Micros / 1000, "ms", Note: note));
        if (result.Failed > 0)
        {
            report.Add(new Measurement(Scenario, $"{path}: failed sends, {at}", result.Failed, "sends", Note: $"first failure: {result.FirstError}"));
        }
    }
}

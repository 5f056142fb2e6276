using System.Diagnostics;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>
/// kill -9 of the Master under a steady trickle of sends: how long until a send made after the crash is
/// acknowledged through the new Master. The client's gateways are the two surviving machines (a bystander first,
/// then the Lieutenant), so the figure is the cluster's failover, not the client's. Each round kills whoever is
/// Master then, reads the survivors' logs for where the time went, restarts the dead machine and waits until it
/// is caught up, and checks that no acknowledged letter went missing.
/// </summary>
public static class FailoverBenchmark
{
    private const string Scenario = "failover";
    private const int Machines = 3;
    private const string SenderUser = "fo-sender";
    private const string ReaderUser = "fo-reader";
    private const int MaxOutstanding = 64;
    private const double TargetSeconds = 3;
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GatewayInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Tail = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(120);

    /// <summary>Runs the rounds on <paramref name="cluster"/> (whoever is Master each time), restarting each killed machine.</summary>
    public static async Task RunOnAsync(LocalMailCluster cluster, FailoverBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        report.Progress.Step($"{Scenario}: {options.Rounds} × kill -9 of the Master, a send every {options.SendInterval.TotalMilliseconds:0} ms");
        try
        {
            var tokens = await CrashAccounts.RegisterAsync(cluster, [SenderUser, ReaderUser], cancellationToken).ConfigureAwait(false);
            await WaitCaughtUpAsync(cluster, cluster.Server(0), cancellationToken).ConfigureAwait(false);
            var figures = new List<double>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                figures.Add(await RoundAsync(cluster, tokens, round, options, report, cancellationToken).ConfigureAwait(false));
            }

            // A round with no acknowledgement at all is the worst there is.
            var worst = figures.Any(double.IsNaN) ? double.NaN : figures.Max();
            report.Add(new Measurement(Scenario, $"worst of {figures.Count} round{(figures.Count == 1 ? string.Empty : "s")}: kill → first ack of a send started after it", worst, "s", Target.Below(TargetSeconds), AckNote(options)));
            report.Maildriver.FailoverSeconds = worst;
        }
        catch
        {
            // A silo that died by itself explains the failure better than the call that met it.
            cluster.ThrowIfAnyExited();
            throw;
        }
    }

    private static string AckNote(FailoverBenchmarkOptions options)
        => $"kill -9 (Process.Kill) of the Master; a send every {options.SendInterval.TotalMilliseconds:0} ms (≤ {MaxOutstanding} unacknowledged), each repeated with its submission id until acknowledged, "
           + "through a client whose gateways are the bystander's then the Lieutenant's; the figure is the earliest acknowledgement of a send whose first request started after the killed process was gone, timed from the kill";

    private static async Task<double> RoundAsync(
        LocalMailCluster cluster,
        IReadOnlyDictionary<string, string> tokens,
        int round,
        FailoverBenchmarkOptions options,
        BenchmarkReport report,
        CancellationToken cancellationToken)
    {
        var name = $"round {round}";
        var before = await cluster.Server(0).Status(cluster.AdminToken).ConfigureAwait(false);
        var master = cluster.IndexOf(before.Master);
        if (before.Lieutenant is null)
        {
            throw new InvalidOperationException($"{before.Master} is Master with no Lieutenant: no failover to measure");
        }

        var lieutenant = cluster.IndexOf(before.Lieutenant);

        var bystander = Enumerable.Range(0, Machines).Single(i => i != master && i != lieutenant);
        report.Progress.WriteLine($"  {name}: Master {before.Master} (epoch {before.Epoch}), Lieutenant {before.Lieutenant}; the client sends through {cluster.Machines[bystander]}, then {cluster.Machines[lieutenant]}");

        var sender = ContinuousSender.Start(
            cluster.ServerThrough(bystander, lieutenant), tokens[SenderUser], ReaderUser, $"r{round}-{Guid.NewGuid():N}", options.SendInterval, MaxOutstanding);
        DateTimeOffset killedAt;
        long kill;
        SentLetter? firstAck;
        StatusProbeResult shown;
        StatusProbeResult down;
        try
        {
            await Task.Delay(options.Warmup, cancellationToken).ConfigureAwait(false);
            if (sender.Acknowledged.Count == 0)
            {
                throw new InvalidOperationException($"{name}: no send was acknowledged in {options.Warmup.TotalSeconds:0.#} s before the kill (first error: {sender.FirstError})");
            }

            killedAt = DateTimeOffset.UtcNow;
            kill = Stopwatch.GetTimestamp();
            cluster.Kill(master);

            // Kill returns once the process is gone. A send that starts between the two timestamps can still be
            // acknowledged by the dying Master (it answers until the kernel ends it, milliseconds later), so only
            // sends started after it is gone count, while the figure still runs from the kill.
            var gone = Stopwatch.GetTimestamp();
            var oldMaster = before.Master;
            var shownTask = StatusProbe.UntilAsync(
                cluster.LocalServer(bystander), cluster.AdminToken, s => s.Master != oldMaster && s.Epoch > before.Epoch, StatusInterval, options.Limit, cancellationToken);
            firstAck = await sender.FirstAckOfSendStartedAfterAsync(gone, options.Limit).ConfigureAwait(false);
            shown = await shownTask.ConfigureAwait(false);

            // The old Master must be on the new Master's Dead Machine List before it restarts, or "every machine up"
            // could be read off a Status taken before the Caretaker noticed it was gone.
            down = await StatusProbe.UntilAsync(
                cluster.LocalServer(bystander), cluster.AdminToken, s => s.Machines.Any(m => m.Name == oldMaster && !m.Up), StatusInterval, options.Limit, cancellationToken).ConfigureAwait(false);
            await Task.Delay(Tail, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await sender.StopAsync(options.Limit).ConfigureAwait(false);
        }

        var acks = sender.Acknowledged;
        var ackSeconds = firstAck is null ? double.NaN : Stopwatch.GetElapsedTime(kill, firstAck.Acknowledged).TotalSeconds;
        report.Add(new Measurement(Scenario, $"{name}: kill {before.Master} → first ack of a send started after it", ackSeconds, "s", Target.Below(TargetSeconds), AckNote(options)));
        if (shown.Found is { } found)
        {
            report.Add(new Measurement(Scenario, $"{name}: kill → Status shows {found.Status.Master} as Master, epoch {found.Status.Epoch} (was {before.Epoch})",
                Stopwatch.GetElapsedTime(kill, found.Timestamp).TotalSeconds, "s", Note: StatusNote));
        }
        else
        {
            report.Add(new Measurement(Scenario, $"{name}: kill → Status shows a new Master", double.NaN, "s", Note: $"{StatusNote}; none in {options.Limit.TotalSeconds:0} s: {shown.Describe()}"));
        }

        if (down.Found is { } marked)
        {
            report.Add(new Measurement(Scenario, $"{name}: kill → Status shows {before.Master} down", Stopwatch.GetElapsedTime(kill, marked.Timestamp).TotalSeconds, "s", Note: StatusNote));
        }

        report.Add(new Measurement(Scenario, $"{name}: longest time without any acknowledgement", LongestSilence(acks, kill, firstAck), "s",
            Note: "the client's view of the outage: the longest gap between consecutive acknowledgements (of any send) from the last one before the kill to the figure above"));
        report.Add(new Measurement(Scenario, $"{name}: failed attempts (each repeated)", sender.FailedAttempts, "attempts",
            Note: sender.FirstError is null ? null : $"{name}: first failure: {sender.FirstError}"));

        var survivors = Enumerable.Range(0, Machines).Where(i => i != master).ToList();
        var until = killedAt + TimeSpan.FromSeconds(double.IsNaN(ackSeconds) ? options.Limit.TotalSeconds : ackSeconds) + TimeSpan.FromSeconds(1);
        var lines = survivors.SelectMany(i => SiloLog.Read(cluster.LogPath(i), cluster.Machines[i], killedAt - TimeSpan.FromMilliseconds(500), until)).ToList();
        SiloLog.Print(lines, killedAt, "the kill", maxLines: 40);
        AddLogMilestone(report, name, lines, killedAt, "takes over from", "Lieutenant starts the takeover (silo log)");
        AddLogMilestone(report, name, lines, killedAt, @"is Master \(epoch", "new Master running (silo log)");
        AddLogMilestone(report, name, lines, killedAt, "steps down as Master", "new Master steps down (fenced by its own newer view, silo log)");
        AddLogMilestone(report, name, lines, killedAt, "appointed Lieutenant", "new Lieutenant appointed (silo log)");

        await RestartAsync(cluster, report, name, master, lieutenant, cancellationToken).ConfigureAwait(false);
        await CheckNothingLostAsync(cluster, report, name, tokens[ReaderUser], acks).ConfigureAwait(false);
        return ackSeconds;
    }

    // Sends accepted just before the kill can still be acknowledged just after it, so the outage is the longest
    // silence in the acknowledgements, not the distance from the last one before the kill to the first after it.
    private static double LongestSilence(IReadOnlyList<SentLetter> acks, long kill, SentLetter? firstAck)
    {
        if (firstAck is null)
        {
            return double.NaN;
        }

        var lastBefore = acks.Where(a => a.Acknowledged < kill).Select(a => a.Acknowledged).DefaultIfEmpty(kill).Max();
        var times = acks.Select(a => a.Acknowledged).Where(t => t >= lastBefore && t <= firstAck.Acknowledged).Order().ToList();
        return times.Zip(times.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalSeconds).DefaultIfEmpty(0).Max();
    }

    private static string StatusNote => "Status through the bystander's own gateway, a new call every 100 ms (calls overlap while the Master is changing)";

    private static async Task RestartAsync(LocalMailCluster cluster, BenchmarkReport report, string name, int machine, int live, CancellationToken cancellationToken)
    {
        var restartedAt = DateTimeOffset.UtcNow;
        var restart = Stopwatch.GetTimestamp();
        cluster.Restart(machine);
        var answered = await GatewayProbe.UntilAnswersAsync(cluster.LocalServer(machine), GatewayInterval, RecoveryLimit, cancellationToken).ConfigureAwait(false);
        var caughtUp = await StatusProbe.UntilAsync(
            cluster.LocalServer(live), cluster.AdminToken, s => StatusProbe.EveryMachineCaughtUp(s, Machines), StatusInterval, RecoveryLimit, cancellationToken).ConfigureAwait(false);
        var machineName = cluster.Machines[machine];
        report.Add(new Measurement(Scenario, $"{name}: restart {machineName} → its gateway answers", answered is { } a ? Stopwatch.GetElapsedTime(restart, a).TotalSeconds : double.NaN, "s",
            Note: "process start to the first answer to Hello on its own gateway: .NET and silo start-up"));
        if (caughtUp.Found is not { } done)
        {
            cluster.ThrowIfAnyExited();
            throw new InvalidOperationException($"{name}: {machineName} was not back and caught up {RecoveryLimit.TotalSeconds:0} s after its restart ({caughtUp.Describe()})");
        }

        report.Add(new Measurement(Scenario, $"{name}: restart {machineName} → every machine up and caught up", Stopwatch.GetElapsedTime(restart, done.Timestamp).TotalSeconds, "s",
            Note: $"Status: every machine up, no catch-up list, LiveWork 0 (Master {done.Status.Master}, Lieutenant {done.Status.Lieutenant}, epoch {done.Status.Epoch} at the end of {name})"));
        var lines = Enumerable.Range(0, Machines)
            .SelectMany(i => SiloLog.Read(cluster.LogPath(i), cluster.Machines[i], restartedAt, DateTimeOffset.UtcNow))
            .ToList();
        SiloLog.Print(lines, restartedAt, $"the restart of {machineName}", maxLines: 20);
    }

    // "Acknowledged letters are never lost": every letter the client saw acknowledged, in the reader's inbox on
    // every machine once the cluster is caught up.
    private static async Task CheckNothingLostAsync(LocalMailCluster cluster, BenchmarkReport report, string name, string readerToken, IReadOnlyList<SentLetter> acks)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Machines; i++)
        {
            var listed = (await cluster.LocalServer(i).List(readerToken).ConfigureAwait(false)).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            missing.UnionWith(acks.Select(a => a.LetterId).Where(id => !listed.Contains(id)));
        }

        report.Add(new Measurement(Scenario, $"{name}: acknowledged letters missing on some machine", missing.Count, $"of {acks.Count}",
            Note: "List for the recipient on every machine's own gateway once every machine is caught up; must be 0"));
    }

    private static void AddLogMilestone(BenchmarkReport report, string round, IReadOnlyList<SiloLogLine> lines, DateTimeOffset origin, string pattern, string what)
    {
        if (SiloLog.First(lines, pattern) is { } line)
        {
            report.Add(new Measurement(Scenario, $"{round}: kill → {what}", (line.At - origin).TotalSeconds, "s",
                Note: "from the survivors' logs (UTC timestamps to the millisecond, same clock as the kill)"));
        }
    }

    private static async Task WaitCaughtUpAsync(LocalMailCluster cluster, IMailServer server, CancellationToken cancellationToken)
    {
        var result = await StatusProbe.UntilAsync(server, cluster.AdminToken, s => StatusProbe.EveryMachineCaughtUp(s, Machines), StatusInterval, RecoveryLimit, cancellationToken).ConfigureAwait(false);
        if (result.Found is null)
        {
            throw new InvalidOperationException($"the fresh cluster never showed every machine up and quiet ({result.Describe()})");
        }
    }
}

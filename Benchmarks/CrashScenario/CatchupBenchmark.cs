using System.Collections.Concurrent;
using System.Diagnostics;
using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;
using Maildriver.Grains.Protocol;

namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>
/// A machine that missed many letters comes back: kill -9 of a machine that is neither Master nor Lieutenant, many
/// acknowledged letters sent while it is on the Dead Machine List, then its restart, timed until the Master's
/// Status shows it up with nothing left to catch up and nothing live pending, and its own gateway lists every
/// letter. The gateway's first answer, the Master's Status samples and both machines' logs split the time into
/// start-up, rejoining and draining the Dead Machine Catchup List.
/// </summary>
public static class CatchupBenchmark
{
    private const string Scenario = "catchup";
    private const int Machines = 3;
    private const int SenderAccounts = 16;
    private const int Readers = 16;
    private const double TargetSeconds = 10;
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GatewayInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ListInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SetupLimit = TimeSpan.FromSeconds(120);

    /// <summary>Runs the scenario once on <paramref name="cluster"/>: kills whichever machine holds no rank, sends, restarts it.</summary>
    public static async Task RunOnAsync(LocalMailCluster cluster, CatchupBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        report.Progress.Step($"{Scenario}: {options.Letters:N0} letters while one of {Machines} machines is down, then its restart");
        try
        {
            await RunCheckedAsync(cluster, options, report, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A silo that died by itself explains the failure better than the call that met it.
            cluster.ThrowIfAnyExited();
            throw;
        }
    }

    private static async Task RunCheckedAsync(LocalMailCluster cluster, CatchupBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var senders = Enumerable.Range(0, SenderAccounts).Select(i => $"cu-sender{i:D2}").ToList();
        var readers = Enumerable.Range(0, Readers).Select(i => $"cu-reader{i:D2}").ToList();
        var tokens = await CrashAccounts.RegisterAsync(cluster, [.. senders, .. readers], cancellationToken).ConfigureAwait(false);
        var quiet = await UntilAsync(cluster, cluster.Server(0), s => StatusProbe.EveryMachineCaughtUp(s, Machines), "every machine up and quiet", SetupLimit, cancellationToken).ConfigureAwait(false);

        // The victim is whichever machine holds no rank (MD3 in a fresh cluster): its death changes no Master.
        var master = cluster.IndexOf(quiet.Status.Master);
        var victim = Enumerable.Range(0, Machines).Single(i => cluster.Machines[i] != quiet.Status.Master && cluster.Machines[i] != quiet.Status.Lieutenant);
        var victimName = cluster.Machines[victim];
        var live = Enumerable.Range(0, Machines).Where(i => i != victim).ToList();
        var masterServer = cluster.LocalServer(master);

        var kill = Stopwatch.GetTimestamp();
        cluster.Kill(victim);
        var down = await UntilAsync(cluster, masterServer, s => Machine(s, victimName) is { Up: false }, $"{victimName} down", SetupLimit, cancellationToken).ConfigureAwait(false);
        report.Add(new Measurement(Scenario, $"kill -9 {victimName} → Status shows it down", Stopwatch.GetElapsedTime(kill, down.Timestamp).TotalSeconds, "s",
            Note: "setup, not a target: the Caretaker's pulse timeout (noPulseTimeoutMs) give or take a pulse interval, the last pulse having come up to one interval before the kill"));

        var sent = await SendWhileDownAsync(cluster, live, senders, readers, tokens, options, report, cancellationToken).ConfigureAwait(false);
        var settle = Stopwatch.GetTimestamp();
        var settled = await UntilAsync(cluster, masterServer, s => s.LiveWork == 0, "the live machines quiet", SetupLimit, cancellationToken).ConfigureAwait(false);
        report.Add(new Measurement(Scenario, "then until the live machines are quiet", Stopwatch.GetElapsedTime(settle, settled.Timestamp).TotalSeconds, "s",
            Note: "setup, not a target: Status LiveWork 0, so that the catch-up below is the restarted machine's alone"));
        var backlog = Machine(settled.Status, victimName)?.CatchupPending ?? 0;
        report.Add(new Measurement(Scenario, $"{victimName}'s Dead Machine Catchup List at restart", backlog, "requests", Note: "Status CatchupPending just before the restart"));

        var restartedAt = DateTimeOffset.UtcNow;
        var restart = Stopwatch.GetTimestamp();
        cluster.Restart(victim);
        var cpu = CpuSample.Start(cluster.Processes);
        var waitAtStart = RunQueueWait.Read(cluster.Processes);
        var samples = new ConcurrentQueue<StatusSample>();
        var answeredTask = GatewayProbe.UntilAnswersAsync(cluster.LocalServer(victim), GatewayInterval, options.Limit, cancellationToken);
        var caughtUpTask = StatusProbe.UntilAsync(
            masterServer,
            cluster.AdminToken,
            s => Machine(s, victimName) is { Up: true, CatchupPending: 0 } && s.LiveWork == 0,
            StatusInterval,
            options.Limit,
            cancellationToken,
            samples.Enqueue);
        var answered = await answeredTask.ConfigureAwait(false);
        var caughtUp = await caughtUpTask.ConfigureAwait(false);

        // Then the machine's own word for it: the reader of the very last letter lists all their letters there.
        var watched = readers[(options.Letters - 1) % Readers];
        long? listed = null;
        if (caughtUp.Found is not null)
        {
            var remaining = options.Limit - Stopwatch.GetElapsedTime(restart);
            listed = await UntilListedAsync(cluster.LocalServer(victim), tokens[watched], sent[watched], remaining, cancellationToken).ConfigureAwait(false);
        }

        var used = cpu.Stop();
        var waited = RunQueueWait.Between(waitAtStart, RunQueueWait.Read(cluster.Processes));
        var seconds = listed is { } end ? Stopwatch.GetElapsedTime(restart, end).TotalSeconds : double.NaN;
        if (options.Letters == 10_000)
        {
            report.Maildriver.Catchup10000Seconds = seconds;
        }

        report.Add(new Measurement(Scenario, $"restart {victimName} → caught up ({backlog:N0} requests missed)", seconds, "s", Target.Below(TargetSeconds),
            Note: $"from just before the process starts until the Master's Status shows {victimName} up with CatchupPending 0 and LiveWork 0 (asked every {StatusInterval.TotalMilliseconds:0} ms) "
                  + $"and then List for {watched} on {victimName}'s own gateway shows all {sent[watched].Count} of their letters"
                  + (caughtUp.Found is null ? $"; not caught up within {options.Limit.TotalSeconds:0} s: {caughtUp.Describe()}" : string.Empty)));
        report.Add(new Measurement(Scenario, $"restart {victimName} → its gateway answers", answered is { } a ? Stopwatch.GetElapsedTime(restart, a).TotalSeconds : double.NaN, "s",
            Note: "process start to the first answer to Hello on its own gateway: .NET and silo start-up, before any catch-up"));
        AddPhases(report, victimName, backlog, restart, [.. samples]);
        foreach (var (process, time) in used.PerProcess)
        {
            // Against the wall time: near 100 % of a core a process is the bottleneck; far below, it waits.
            report.Add(new Measurement(Scenario, $"CPU from restart to caught up: {process}", time.TotalSeconds / used.Wall.TotalSeconds * 100, "% of one core",
                Note: $"processor time of each process over the {used.Wall.TotalSeconds:0.0} s from the restart to caught up, as a share of one core ({Environment.ProcessorCount} cores, shared with whatever else runs; see the load average)"));
        }

        foreach (var (process, wait) in waited.Where(w => w.Wait is not null))
        {
            report.Add(new Measurement(Scenario, $"waiting for a core from restart to caught up: {process}", wait!.Value.TotalSeconds, "s",
                Note: "time the process's threads were ready to run but every core was busy (Linux schedstat, summed over threads, so it can exceed the wall time); large values mean the machine, not Maildriver, set the pace"));
        }

        var lines = Enumerable.Range(0, Machines)
            .SelectMany(i => SiloLog.Read(cluster.LogPath(i), cluster.Machines[i], restartedAt - TimeSpan.FromMilliseconds(100), DateTimeOffset.UtcNow))
            .ToList();
        SiloLog.Print(lines, restartedAt, $"the restart of {victimName}", maxLines: 40);
        AddLogMilestone(report, victimName, lines, restartedAt, $"{victimName} is running", "silo host started (silo log)");
        AddLogMilestone(report, victimName, lines, restartedAt, $"{victimName} reborn", "Replica reborn (silo log)");
        AddLogMilestone(report, victimName, lines, restartedAt, $"Caretaker: {victimName} is back", "Master starts the catch-up (silo log)");
        AddLogMilestone(report, victimName, lines, restartedAt, $"{victimName} joined", "joined: Hello answered (silo log)");
        AddLogMilestone(report, victimName, lines, restartedAt, $"Caretaker: {victimName} is caught up", "Master: caught up, back on the active list (silo log)");

        if (caughtUp.Found is not null)
        {
            await CheckAsync(cluster, report, victim, readers, tokens, sent).ConfigureAwait(false);
        }
    }

    // Many senders at once over the live gateways, each letter repeated with its submission id until acknowledged;
    // returns the acknowledged letter ids by recipient.
    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> SendWhileDownAsync(
        LocalMailCluster cluster,
        IReadOnlyList<int> live,
        IReadOnlyList<string> senders,
        IReadOnlyList<string> readers,
        IReadOnlyDictionary<string, string> tokens,
        CatchupBenchmarkOptions options,
        BenchmarkReport report,
        CancellationToken cancellationToken)
    {
        var ids = readers.ToDictionary(r => r, _ => new ConcurrentQueue<string>(), StringComparer.Ordinal);
        var failures = 0;
        string? firstError = null;
        var batch = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        await using (var counter = report.Progress.Count("letters acknowledged while it is down", options.Letters))
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, options.Letters),
                new ParallelOptions { MaxDegreeOfParallelism = options.Senders, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var sender = senders[i % senders.Count];
                    var reader = readers[i % readers.Count];
                    var server = cluster.LocalServer(live[i % live.Count]);
                    var request = new SendRequest([reader], "catchup", LetterBody.Small, $"cu-{batch}-{i}");
                    var sent = await PersistentSend.SendAsync(server, tokens[sender], request, ex =>
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                    }, ct).ConfigureAwait(false);
                    ids[reader].Enqueue(sent.Id);
                    counter.Add();
                }).ConfigureAwait(false);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var gateways = string.Join(" and ", live.Select(i => cluster.Machines[i]));
        report.Add(new Measurement(Scenario, $"send {options.Letters:N0} letters while one machine is down", seconds, "s",
            Note: $"setup, not a target: {options.Senders} concurrent sends through {gateways}'s gateways, 512-byte letters to one of {readers.Count} readers; {options.Letters / seconds:0} acknowledged/s"
                  + (failures == 0 ? string.Empty : $"; {failures} failed attempts (repeated), first: {firstError}")));
        return ids.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value], StringComparer.Ordinal);
    }

    // The Master's Status samples taken while the machine came back: when its catch-up list started to shrink (it
    // said hello), when it was empty, and how fast it drained.
    private static void AddPhases(BenchmarkReport report, string victim, int backlog, long restart, IReadOnlyList<StatusSample> samples)
    {
        var ordered = samples.OrderBy(s => s.Timestamp).ToList();
        var started = ordered.FirstOrDefault(s => Machine(s.Status, victim) is { } m && (m.CatchupPending < backlog || m.Up));
        var drained = ordered.FirstOrDefault(s => Machine(s.Status, victim) is { CatchupPending: 0 });
        var up = ordered.FirstOrDefault(s => Machine(s.Status, victim) is { Up: true });
        const string note = "from the Master's Status samples (every 100 ms) during the catch-up";
        if (started is not null)
        {
            report.Add(new Measurement(Scenario, $"restart {victim} → its catch-up list starts shrinking", Stopwatch.GetElapsedTime(restart, started.Timestamp).TotalSeconds, "s", Note: note));
        }

        if (drained is not null)
        {
            report.Add(new Measurement(Scenario, $"restart {victim} → its catch-up list is empty", Stopwatch.GetElapsedTime(restart, drained.Timestamp).TotalSeconds, "s", Note: note));
        }

        if (up is not null)
        {
            report.Add(new Measurement(Scenario, $"restart {victim} → Status shows it up", Stopwatch.GetElapsedTime(restart, up.Timestamp).TotalSeconds, "s", Note: note));
        }

        if (started is not null && drained is not null && drained.Timestamp > started.Timestamp)
        {
            // Approximate: the list began shrinking at most one sample before "started".
            var rate = backlog / Stopwatch.GetElapsedTime(started.Timestamp, drained.Timestamp).TotalSeconds;
            report.Add(new Measurement(Scenario, "catch-up drain rate (whole list / time it shrank)", rate, "requests/s", Note: note));
        }
    }

    private static async Task<long?> UntilListedAsync(IMailServer server, string token, IReadOnlyList<string> expected, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var listed = (await server.List(token).ConfigureAwait(false)).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            if (expected.All(listed.Contains))
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(ListInterval, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    // Every reader's every acknowledged letter on the restarted machine, and the replicas' digests compared.
    private static async Task CheckAsync(
        LocalMailCluster cluster,
        BenchmarkReport report,
        int victim,
        IReadOnlyList<string> readers,
        IReadOnlyDictionary<string, string> tokens,
        IReadOnlyDictionary<string, IReadOnlyList<string>> sent)
    {
        var missing = 0;
        foreach (var reader in readers)
        {
            var listed = (await cluster.LocalServer(victim).List(tokens[reader]).ConfigureAwait(false)).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            missing += sent[reader].Count(id => !listed.Contains(id));
        }

        var victimName = cluster.Machines[victim];
        report.Add(new Measurement(Scenario, $"acknowledged letters missing on {victimName} afterwards", missing, $"of {sent.Values.Sum(v => v.Count):N0}",
            Note: $"List for every reader on {victimName}'s own gateway after the catch-up; must be 0"));
        var verify = await cluster.QuietAsync().ConfigureAwait(false);
        var agreeing = verify.Machines.GroupBy(m => m.Digest).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        report.Add(new Measurement(Scenario, "machines whose digest agrees at the end", agreeing, $"of {Machines}",
            Note: $"admin Verify after the catch-up: each live machine's digest of letters and inboxes ({(verify.Consistent ? "consistent" : "NOT consistent")})"));
    }

    private static MachineStatus? Machine(MasterStatus status, string name) => status.Machines.FirstOrDefault(m => m.Name == name);

    private static async Task<StatusSample> UntilAsync(LocalMailCluster cluster, IMailServer server, Func<MasterStatus, bool> condition, string what, TimeSpan limit, CancellationToken cancellationToken)
    {
        var result = await StatusProbe.UntilAsync(server, cluster.AdminToken, condition, StatusInterval, limit, cancellationToken).ConfigureAwait(false);
        return result.Found ?? throw new InvalidOperationException($"Status never showed {what} within {limit.TotalSeconds:0} s ({result.Describe()})");
    }

    private static void AddLogMilestone(BenchmarkReport report, string victim, IReadOnlyList<SiloLogLine> lines, DateTimeOffset origin, string pattern, string what)
    {
        if (SiloLog.First(lines, pattern) is { } line)
        {
            report.Add(new Measurement(Scenario, $"restart {victim} → {what}", (line.At - origin).TotalSeconds, "s",
                Note: "from the silos' logs (UTC timestamps to the millisecond, same clock as the restart)"));
        }
    }
}

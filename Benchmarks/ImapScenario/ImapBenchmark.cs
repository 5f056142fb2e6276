using System.Globalization;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// Issue 17's benchmark. Dovecot's side first, alone on the box (<see cref="RunDovecotAsync"/>), then on the
/// three-machine cluster (<see cref="RunOnAsync"/>): the same IMAP workload on MD3's port, a client idling on MD1 told
/// of letters sent through MD2, and SMTP submission against the client API.
/// </summary>
public static class ImapBenchmark
{
    /// <summary>Steps <see cref="RunOnAsync"/> announces on the progress display.</summary>
    public const int Steps = 4;

    /// <summary>The machine whose IMAP port the workload is timed on, and which is restarted for "cold": MD3, a Replica, so its restart moves no role.</summary>
    public const int WorkloadMachine = 2;

    private const string Scenario = "imap";

    /// <summary>Runs the workload against Dovecot (installed and filled by the peer script) into <see cref="BenchmarkReport.Imap"/>.</summary>
    public static async Task RunDovecotAsync(ImapBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        report.Progress.Step($"dovecot/imap: {options.FetchLetters:N0} and {options.SelectLetters:N0} letters delivered through LMTP, then FETCH and SELECT over IMAP");
        await using var peer = await DovecotImapPeer.StartAsync(options, report.Progress, cancellationToken).ConfigureAwait(false);
        var timings = await ImapWorkload.RunAsync(peer.Mailboxes, options.WarmRepeats, options.ColdRestarts, peer.RestartAsync, cancellationToken).ConfigureAwait(false);
        report.Imap.Dovecot = timings;
        var note = $"Dovecot {peer.Version}, IMAP and LMTP on 127.0.0.1, Maildir (Debian's defaults), letters from smtp-source -L (512 bytes, subject \"benchmark\"); cold: its processes stopped by pid and started again (index files and page cache as they were); times from the command written to the tagged OK, raw socket client";
        Record(report, "dovecot/imap", options, timings, null, note);
    }

    /// <summary>Runs Maildriver's side on <paramref name="cluster"/> (fresh data; registers its own users).</summary>
    public static async Task RunOnAsync(LocalMailCluster cluster, ImapBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            report.Progress.Step($"imap: registering the users, {options.FetchLetters:N0} + {options.SelectLetters:N0} letters through the client API");
            var accounts = await ImapAccounts.CreateAsync(cluster, options, report, cancellationToken).ConfigureAwait(false);
            report.Progress.Step($"imap: FETCH of {options.FetchLetters:N0} and SELECT of {options.SelectLetters:N0} letters on {cluster.Machines[WorkloadMachine]}'s IMAP port");
            var timings = await ImapWorkload.RunAsync(
                ImapAccounts.Mailboxes(cluster, WorkloadMachine, options),
                options.WarmRepeats,
                options.ColdRestarts,
                ct => MachineRestart.RunAsync(cluster, WorkloadMachine, ct),
                cancellationToken).ConfigureAwait(false);
            report.Imap.Maildriver = timings;
            var note = $"{cluster.Machines[WorkloadMachine]}'s IMAP port of three Maildriver.Silo processes, letters through the client API (512 bytes, subject \"benchmark\"); cold: {cluster.Machines[WorkloadMachine]} killed (SIGKILL) and started again on its data, ready once its IMAP port logs in another user and the cluster is quiet (page cache as it was); times from the command written to the tagged OK, raw socket client";
            Record(report, Scenario, options, timings, report.Imap.Dovecot, note);
            report.Progress.Step($"imap: {options.IdleLetters} letters through MD2 to a client idling on MD1");
            await IdleLatency.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            report.Progress.Step($"imap: SMTP submission against the client API, {options.SubmissionSenders} senders");
            await SubmissionRate.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A silo that died explains the failure better than the call that met it.
            cluster.ThrowIfAnyExited();
            throw;
        }
    }

    // The rows of one side; Maildriver's carry the 2× bound on Dovecot's figure from the same run, when there is one.
    private static void Record(BenchmarkReport report, string scenario, ImapBenchmarkOptions options, ImapTimings timings, ImapTimings? dovecot, string note)
    {
        report.Imap.FetchLetters = options.FetchLetters;
        report.Imap.SelectLetters = options.SelectLetters;
        report.Imap.WarmRepeats = options.WarmRepeats;
        report.Imap.ColdRestarts = options.ColdRestarts;
        Target? Bound(double? reference) => reference is { } r && double.IsFinite(r) ? Target.AtMost(ImapComparisonTable.MaxRatio * r) : null;
        var fetch = ImapWorkload.FetchCommand(options.FetchLetters);
        var select = $"SELECT INBOX of {options.SelectLetters:N0} letters";
        report.Add(new Measurement(scenario, $"{fetch}, warm (median of {timings.WarmFetchMs.Count})", timings.WarmFetchMedianMs, "ms", Bound(dovecot?.WarmFetchMedianMs), note));
        report.Add(new Measurement(scenario, $"{fetch}, cold (median of {timings.ColdFetchMs.Count} restarts)", timings.ColdFetchMedianMs, "ms", Bound(dovecot?.ColdFetchMedianMs), $"{note}; each restart: {Each(timings.ColdFetchMs)}"));
        report.Add(new Measurement(scenario, $"{fetch}, first after the fill", timings.FirstFetchMs, "ms", Note: note));
        report.Add(new Measurement(scenario, $"{select}, warm (median of {timings.WarmSelectMs.Count})", timings.WarmSelectMedianMs, "ms", Bound(dovecot?.WarmSelectMedianMs), note));
        report.Add(new Measurement(scenario, $"{select}, cold (median of {timings.ColdSelectMs.Count} restarts)", timings.ColdSelectMedianMs, "ms", Bound(dovecot?.ColdSelectMedianMs), $"{note}; each restart: {Each(timings.ColdSelectMs)}"));
        report.Add(new Measurement(scenario, $"{select}, first after the fill", timings.FirstSelectMs, "ms", Note: note));
    }

    private static string Each(IReadOnlyList<double> timings) => string.Join(", ", timings.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture) + " ms"));
}

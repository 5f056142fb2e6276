using System.Diagnostics;
using Maildriver.Benchmarks.CrashScenario;
using Maildriver.Benchmarks.ImapScenario;
using Maildriver.Benchmarks.PeerScenario;
using Maildriver.Benchmarks.Processes;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.ReaderScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Benchmarks.RuntimeScenario;

namespace Maildriver.Benchmarks;

/// <summary>
/// Runs a <see cref="Selection"/>: the runtime alone, then Dovecot (LMTP, then IMAP), then one three-machine cluster
/// on fresh data for the protocol, IMAP, failover and catch-up scenarios in that order (the crash scenarios last, as they kill and
/// restart machines; the memory figure is read before).
/// </summary>
internal static class BenchmarkRun
{
    /// <summary>Runs every selected scenario into <paramref name="report"/>; false when one failed (the others still ran where they could).</summary>
    public static async Task<bool> RunAsync(Selection selection, BenchmarkReport report, CancellationToken cancellationToken)
    {
        report.Progress.Plan(Steps(selection));
        var ok = true;
        if (selection.Runtime is { } runtime)
        {
            report.Progress.Step("runtime: in-silo and cross-silo grain calls");
            await RuntimeBenchmark.RunAsync(runtime, report, cancellationToken).ConfigureAwait(false);
        }

        if (selection.Dovecot is { } dovecot)
        {
            try
            {
                await DovecotBenchmark.RunAsync(dovecot, report, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Maildriver's own figures still mean something without the reference: carry on, fail at the end.
                report.Progress.WriteLine($"dovecot: FAILED, its figures are missing: {ex.Message}");
                ok = false;
            }
        }

        if (selection.Imap is { Dovecot: true } imap)
        {
            try
            {
                await ImapBenchmark.RunDovecotAsync(imap, report, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // As for LMTP: Maildriver's side still runs, its rows without the 2x bound; the run fails at the end.
                report.Progress.WriteLine($"dovecot/imap: FAILED, its figures are missing: {ex.Message}");
                ok = false;
            }
        }

        if (selection.NeedsCluster)
        {
            await RunClusterScenariosAsync(selection, report, cancellationToken).ConfigureAwait(false);
        }

        if (selection.Reader is { } reader)
        {
            try
            {
                await ReaderBenchmark.RunAsync(reader, report, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // On its own cluster, after the others: its failure (no tmux, say) leaves their figures standing.
                report.Progress.WriteLine($"reader: FAILED, its figures are missing: {ex.Message}");
                ok = false;
            }
        }

        return ok;
    }

    private static int Steps(Selection selection)
        => (selection.Runtime is null ? 0 : 1)
           + (selection.Dovecot is null ? 0 : 1)
           + (selection.NeedsCluster ? 1 : 0)
           + (selection.Protocol is null ? 0 : ProtocolBenchmark.Steps)
           + (selection.Imap is null ? 0 : ImapBenchmark.Steps + (selection.Imap.Dovecot ? 1 : 0))
           + (selection.Failover is null ? 0 : 1)
           + (selection.Catchup is null ? 0 : 1)
           + (selection.Reader is null ? 0 : 1);

    private static async Task RunClusterScenariosAsync(Selection selection, BenchmarkReport report, CancellationToken cancellationToken)
    {
        // The silo, its log level and --keep are the same options on every scenario.
        var (siloPath, logLevel, keep) = selection switch
        {
            { Protocol: { } p } => (p.SiloPath, p.SiloLogLevel, p.KeepData),
            { Failover: { } f } => (f.SiloPath, f.SiloLogLevel, f.KeepData),
            { Catchup: { } c } => (c.SiloPath, c.SiloLogLevel, c.KeepData),
            { Imap: { } i } => (i.SiloPath, i.SiloLogLevel, i.KeepData),
            _ => throw new UnreachableException(),
        };
        var silo = BuiltExecutable.Silo(siloPath);
        report.Progress.Step($"starting {ProtocolBenchmark.Machines} Maildriver.Silo processes on 127.0.0.1 with fresh data ({silo.Launcher ?? "dotnet " + silo.AssemblyPath})");
        var clock = Stopwatch.StartNew();
        await using var cluster = await LocalMailCluster.StartAsync(silo, ProtocolBenchmark.Machines, logLevel, keep, cancellationToken).ConfigureAwait(false);
        report.Progress.WriteLine($"  cluster up in {clock.Elapsed.TotalSeconds:0.0} s in {cluster.Folder}");
        if (selection.Protocol is { } protocol)
        {
            await ProtocolBenchmark.RunOnAsync(cluster, protocol, report, cancellationToken).ConfigureAwait(false);
        }

        if (selection.Imap is { } imap)
        {
            await ImapBenchmark.RunOnAsync(cluster, imap, report, cancellationToken).ConfigureAwait(false);
        }

        if (selection.Failover is { } failover)
        {
            await FailoverBenchmark.RunOnAsync(cluster, failover, report, cancellationToken).ConfigureAwait(false);
        }

        if (selection.Catchup is { } catchup)
        {
            await CatchupBenchmark.RunOnAsync(cluster, catchup, report, cancellationToken).ConfigureAwait(false);
        }
    }
}

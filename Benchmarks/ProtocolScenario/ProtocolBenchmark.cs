using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// The mail protocol end to end: three Maildriver.Silo processes on loopback, fresh data, clients over the Orleans
/// gateways. Between tests the cluster is left to go quiet, so one test's backlog does not bill the next.
/// </summary>
public static class ProtocolBenchmark
{
    /// <summary>The machines of every scenario's cluster.</summary>
    public const int Machines = 3;

    /// <summary>Steps <see cref="RunOnAsync"/> announces on the progress display.</summary>
    public const int Steps = 9;

    /// <summary>Runs every test on <paramref name="cluster"/>; the memory test last, as its letters stay.</summary>
    public static async Task RunOnAsync(LocalMailCluster cluster, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            report.Progress.Step("protocol: registering the users");
            var accounts = await MailAccounts.CreateAsync(cluster, options, report, cancellationToken).ConfigureAwait(false);
            report.Progress.Step($"protocol: poll, list and receive with {options.InboxLetters} letters in the inbox");
            await InboxLatency.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            report.Progress.Step($"protocol: bulk letters to {string.Join(" and ", options.BulkRecipients.Select(n => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} recipients");
            await BulkDelivery.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            await QuietAsync(cluster, report, "after bulk").ConfigureAwait(false);
            report.Progress.Step($"protocol: acknowledged sends at {string.Join(", ", options.Concurrencies)} senders");
            await SendThroughput.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            await QuietAsync(cluster, report, "after throughput").ConfigureAwait(false);
            report.Progress.Step($"protocol: Dovecot's workload, {options.SmallLetters:N0} small letters to one user from 1 and {options.Sessions} sessions");
            await SmallLetters.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            report.Progress.Step($"protocol: ack latency at {options.OfferedRate:0.#} sends/s offered");
            await AckLatency.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            await QuietAsync(cluster, report, "after ack latency").ConfigureAwait(false);
            report.Progress.Step($"protocol: maildriver send, poll and --version as processes, {options.CliRuns} runs each");
            await CliWallTime.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            report.Progress.Step("dashboard: its overhead");
            await DashboardOverhead.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            report.Progress.Step($"protocol: peak memory with {options.MemoryLetters:N0} letters for {options.MemoryUsers:N0} users");
            await MemoryFootprint.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            var final = await QuietAsync(cluster, report, "at the end").ConfigureAwait(false);
            var agreeing = final.Machines.GroupBy(m => m.Digest).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            report.Add(new Measurement("protocol/check", "machines whose digest agrees at the end", agreeing, $"of {Machines}",
                Note: $"admin Verify at the end: each live machine's digest of letters and inboxes ({(final.Consistent ? "consistent" : "NOT consistent")})"));
        }
        catch
        {
            // A silo that died explains the failure better than the call that met it.
            cluster.ThrowIfAnyExited();
            throw;
        }
    }

    // The Verify call waits for the Master to have nothing pending; how long that takes after a test is the
    // delivery backlog the test left behind (acks can run ahead of delivery to the replicas).
    private static async Task<VerifyReport> QuietAsync(LocalMailCluster cluster, BenchmarkReport report, string when)
    {
        var clock = Stopwatch.StartNew();
        var verify = await cluster.QuietAsync().ConfigureAwait(false);
        report.Add(new Measurement("protocol/quiet", $"wait for quiet {when}", clock.Elapsed.TotalSeconds, "s",
            Note: "Verify: time until the Master has nothing pending and the digests are compared"));
        return verify;
    }
}

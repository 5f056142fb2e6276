using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// The mail protocol end to end: three Maildriver.Silo processes on loopback, fresh data, clients over the HTTP
/// gateways. Between tests the cluster is left to go quiet, so one test's backlog does not bill the next.
/// </summary>
public static class ProtocolBenchmark
{
    private const int Machines = 3;

    /// <summary>Starts the cluster, registers the users, runs every test, and always stops the processes.</summary>
    public static async Task RunAsync(ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var silo = SiloExecutable.Locate(options.SiloPath);
        Console.WriteLine($"protocol: starting {Machines} Maildriver.Silo processes ({silo.Launcher ?? "dotnet " + silo.AssemblyPath})");
        var clock = Stopwatch.StartNew();
        await using var cluster = await LocalMailCluster.StartAsync(silo, Machines, options.SiloLogLevel, options.KeepData, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"  cluster up in {clock.Elapsed.TotalSeconds:0.0} s in {cluster.Folder}");

        try
        {
            var accounts = await MailAccounts.CreateAsync(cluster, options, report, cancellationToken).ConfigureAwait(false);
            await PollLatency.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            await QuietAsync(cluster, report, "before bulk").ConfigureAwait(false);
            await BulkDelivery.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            await QuietAsync(cluster, report, "after bulk").ConfigureAwait(false);
            await SendThroughput.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            await QuietAsync(cluster, report, "after throughput").ConfigureAwait(false);
            await AckLatency.RunAsync(cluster, accounts, options, report, cancellationToken).ConfigureAwait(false);
            var final = await QuietAsync(cluster, report, "after ack latency").ConfigureAwait(false);
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

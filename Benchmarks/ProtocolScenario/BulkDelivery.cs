using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// One letter to every bulk recipient: the time from the send until the last recipient can list it on every
/// machine. Each machine is watched through its own gateway with back-to-back <c>List</c> calls for the last
/// recipient (List is local, so it shows exactly what that machine has delivered).
/// </summary>
public static class BulkDelivery
{
    private const string Scenario = "protocol/bulk";
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Sends the bulk letter from a sender on MD2 (not the Master's machine, when there are two senders) and watches every machine.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var count = accounts.BulkRecipients.Count;
        var how = options.BulkExplicit ? "every recipient named in the letter" : $"mailing list '{MailAccounts.BulkList}'";
        Console.WriteLine($"{Scenario}: one letter to {count:N0} recipients ({how}), until delivered on all {cluster.Machines.Count} machines");

        var last = accounts.BulkRecipients[^1];
        var watcherToken = (await cluster.Server(0).Login(last, MailAccounts.Password(last)).ConfigureAwait(false)).Token;
        // Sender i is on machine i mod 3, so sender 1 sends through MD2: the letter has to travel to the Master.
        var origin = accounts.Senders.Count > 1 ? 1 : 0;
        var sender = accounts.Senders[origin];
        var subject = "bulk " + Guid.NewGuid().ToString("N")[..8];
        IReadOnlyList<string> to = options.BulkExplicit ? accounts.BulkRecipients : [MailAccounts.BulkList];

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var watchers = Enumerable.Range(0, cluster.Machines.Count)
            .Select(i => WatchAsync(cluster.LocalServer(i), watcherToken, subject, start, stop.Token))
            .ToArray();
        double ackMillis;
        try
        {
            await sender.Server.Send(sender.Token, new SendRequest(to, subject, LetterBody.Small, "bulk-" + subject)).ConfigureAwait(false);
            ackMillis = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }

        var delivered = await Task.WhenAll(watchers).ConfigureAwait(false);
        var note = $"{count:N0} recipients via {how}, sent through {cluster.Machines[origin % cluster.Machines.Count]}; delivery seen by List for the last recipient on each machine's own gateway, every {WatchInterval.TotalMilliseconds:0} ms";
        report.Add(new Measurement(Scenario, "send → ack", ackMillis, "ms", Note: note));
        for (var i = 0; i < delivered.Length; i++)
        {
            report.Add(new Measurement(Scenario, $"send → delivered on {cluster.Machines[i]}", delivered[i], "s", Note: note));
        }

        report.Add(new Measurement(Scenario, "send → delivered on all machines", delivered.Max(), "s", Target.AtMost(3), note));
    }

    private static async Task<double> WatchAsync(IMailServer server, string token, string subject, long start, CancellationToken cancellationToken)
    {
        while (Stopwatch.GetElapsedTime(start) < GiveUp)
        {
            var letters = await server.List(token).ConfigureAwait(false);
            if (letters.Any(l => l.Subject == subject))
            {
                return Stopwatch.GetElapsedTime(start).TotalSeconds;
            }

            await Task.Delay(WatchInterval, cancellationToken).ConfigureAwait(false);
        }

        return double.NaN;
    }
}

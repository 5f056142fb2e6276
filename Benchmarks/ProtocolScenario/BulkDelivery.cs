using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// One letter to each bulk size's recipients: the time from the send until the last recipient can list it on
/// every machine, and what it added to each machine's database. Each machine is watched through its own gateway
/// with back-to-back <c>List</c> calls for the last recipient (List is local, so it shows exactly what that
/// machine has delivered; a machine delivers a letter to all its recipients in one transaction).
/// </summary>
public static class BulkDelivery
{
    private const string Scenario = "protocol/bulk";
    private const int HeadlineBytes = 102_400;
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Sends the bulk letters for each size, each after the cluster is quiet, from a sender on MD2 (not the Master's machine).</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var body = LetterBody.OfSize(options.BulkBytes);
        foreach (var recipients in options.BulkRecipients)
        {
            var (seconds, bytes) = await RunOnceAsync(cluster, accounts, options, recipients, body, report, cancellationToken).ConfigureAwait(false);
            if (options.BulkBytes == HeadlineBytes && recipients == 1000)
            {
                report.Maildriver.Bulk1000Seconds = seconds;
                report.Maildriver.BulkBytesPerMachine = bytes;
            }
            else if (options.BulkBytes == HeadlineBytes && recipients == 10_000)
            {
                report.Maildriver.Bulk10000Seconds = seconds;
            }
        }
    }

    private static async Task<(double Seconds, double Bytes)> RunOnceAsync(
        LocalMailCluster cluster,
        MailAccounts accounts,
        ProtocolBenchmarkOptions options,
        int count,
        string body,
        BenchmarkReport report,
        CancellationToken cancellationToken)
    {
        var scenario = $"{Scenario}/{count}";
        var how = options.BulkExplicit ? "every recipient named in the letter" : $"mailing list '{MailAccounts.BulkList(count)}'";
        report.Progress.WriteLine($"{scenario}: {options.BulkRepeats} letter(s) of {options.BulkBytes:N0} bytes to {count:N0} recipients ({how}), each until delivered on all {cluster.Machines.Count} machines");

        var last = accounts.BulkUsers[count - 1];
        var watcherToken = (await cluster.Server(0).Login(last, MailAccounts.Password(last)).ConfigureAwait(false)).Token;
        // Sender i is on machine i mod 3, so sender 1 sends through MD2: the letter has to travel to the Master.
        var origin = accounts.Senders.Count > 1 ? 1 : 0;
        var sender = accounts.Senders[origin];
        IReadOnlyList<string> to = options.BulkExplicit ? accounts.BulkUsers.Take(count).ToList() : [MailAccounts.BulkList(count)];

        // One untimed letter of the same size to the same recipients first, as the Dovecot script does: the path a
        // bulk letter takes is compiled and the inboxes exist before the clock starts.
        var warmup = "bulk warm-up " + Guid.NewGuid().ToString("N")[..8];
        await sender.Server.Send(sender.Token, new SendRequest(to, warmup, body, warmup)).ConfigureAwait(false);
        await cluster.QuietAsync().ConfigureAwait(false);
        var before = Enumerable.Range(0, cluster.Machines.Count).Select(m => StoreSize.BytesInUse(cluster.DatabasePath(m))).ToArray();

        var letters = new List<(double AckMillis, double[] Delivered)>();
        for (var i = 0; i < options.BulkRepeats; i++)
        {
            letters.Add(await TimeOneAsync(cluster, sender, to, body, watcherToken, cancellationToken).ConfigureAwait(false));
            await cluster.QuietAsync().ConfigureAwait(false);
        }

        // What the letters added, once every machine has finished with them (the Master's and the WorkSpace's copies
        // are gone by then, their pages back on the free list), per letter.
        var added = Enumerable.Range(0, cluster.Machines.Count)
            .Select(m => (double)(StoreSize.BytesInUse(cluster.DatabasePath(m)) - before[m]) / options.BulkRepeats)
            .ToArray();

        // The median letter: one neighbour's burst on a shared machine moves one letter, not the figure.
        var median = letters.OrderBy(l => l.Delivered.Max()).ElementAt((letters.Count - 1) / 2);
        var note = $"{count:N0} recipients via {how}, sent through {cluster.Machines[origin % cluster.Machines.Count]}; delivery seen by List for the last recipient on each machine's own gateway, every {WatchInterval.TotalMilliseconds:0} ms; "
                   + $"{letters.Count} letter(s) one after another, the figures are the median letter's";
        for (var i = 0; i < letters.Count; i++)
        {
            report.Add(new Measurement(scenario, $"letter {i + 1}: send → delivered on all machines", letters[i].Delivered.Max(), "s", Note: note));
        }

        report.Add(new Measurement(scenario, "send → ack (median letter)", median.AckMillis, "ms", Note: note));
        for (var i = 0; i < median.Delivered.Length; i++)
        {
            report.Add(new Measurement(scenario, $"send → delivered on {cluster.Machines[i]} (median letter)", median.Delivered[i], "s", Note: note));
        }

        report.Add(new Measurement(scenario, "send → delivered on all machines (median letter)", median.Delivered.Max(), "s", Target.AtMost(3), note));
        report.Add(new Measurement(scenario, "recipients delivered per second (on all machines)", count / median.Delivered.Max(), "rcpt/s", Note: note));
        const string bytesNote = "growth of the pages in use in each machine's SQLite database (page count less free list, read-only connection) from before the timed letters until the cluster is quiet after them, per letter";
        for (var i = 0; i < added.Length; i++)
        {
            report.Add(new Measurement(scenario, $"bytes stored on {cluster.Machines[i]} per letter", added[i], "B", Note: bytesNote));
        }

        var limit = ComparisonTable.StorageLimit(count);
        report.Add(new Measurement(scenario, "bytes stored per letter, largest machine", added.Max(), "B", options.BulkBytes == HeadlineBytes ? Target.Below(limit) : null, bytesNote));
        report.Add(new Measurement(scenario, "bytes stored per recipient beyond the letter's body, largest machine", (added.Max() - options.BulkBytes) / count, "B", Note: bytesNote));
        return (median.Delivered.Max(), added.Max());
    }

    // One letter: the time to its acknowledgement, and to its delivery on each machine (seconds).
    private static async Task<(double AckMillis, double[] Delivered)> TimeOneAsync(
        LocalMailCluster cluster,
        Sender sender,
        IReadOnlyList<string> to,
        string body,
        string watcherToken,
        CancellationToken cancellationToken)
    {
        var subject = "bulk " + Guid.NewGuid().ToString("N")[..8];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var watchers = Enumerable.Range(0, cluster.Machines.Count)
            .Select(i => WatchAsync(cluster.LocalServer(i), watcherToken, subject, start, stop.Token))
            .ToArray();
        double ackMillis;
        try
        {
            await sender.Server.Send(sender.Token, new SendRequest(to, subject, body, "bulk-" + subject)).ConfigureAwait(false);
            ackMillis = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }

        return (ackMillis, await Task.WhenAll(watchers).ConfigureAwait(false));
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

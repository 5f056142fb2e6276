using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// Dovecot's small-letter workload run on Maildriver: N small letters to one user from one session, then from
/// several in parallel (each session a sender on its own gateway, sending its next letter when the last is
/// acknowledged). Timed from the first send to the last acknowledgement, which like LMTP's 250 means the letter
/// is on disk (here on the Master's and the Lieutenant's); then until every machine has delivered them all.
/// </summary>
public static class SmallLetters
{
    private const string Scenario = "protocol/small-letters";
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Runs both workloads and records them (the acknowledged rates are Dovecot's comparison).</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        report.Matched.Sessions = options.Sessions;
        report.Matched.SmallPerSecond = await RunOnceAsync(cluster, accounts, MailAccounts.SingleUser, 1, options.SmallLetters, report, cancellationToken).ConfigureAwait(false);
        report.Matched.SmallPerSecondParallel = await RunOnceAsync(cluster, accounts, MailAccounts.ParallelUser, options.Sessions, options.SmallLetters, report, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<double> RunOnceAsync(LocalMailCluster cluster, MailAccounts accounts, string user, int sessions, int letters, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var how = $"{sessions} session{(sessions == 1 ? string.Empty : "s")}";
        report.Progress.WriteLine($"{Scenario}: {letters:N0} letters of 512 bytes to {user}, {how}");
        var batch = Guid.NewGuid().ToString("N")[..8];

        // One untimed letter first, as the Dovecot script does: the user's inboxes exist before the clock starts.
        await accounts.Senders[0].SendToAsync(user, $"small-{batch}-first").ConfigureAwait(false);
        await UntilDeliveredAsync(cluster, cancellationToken).ConfigureAwait(false);

        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await using (var counter = report.Progress.Count($"{how}: acknowledged", letters))
        {
            var workers = Enumerable.Range(0, sessions).Select(session => Task.Run(
                async () =>
                {
                    var sender = accounts.Senders[session % accounts.Senders.Count];
                    for (var i = Interlocked.Increment(ref next); i < letters; i = Interlocked.Increment(ref next))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await sender.SendToAsync(user, $"small-{batch}-{i}").ConfigureAwait(false);
                        counter.Add();
                    }
                },
                cancellationToken));
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        var acked = Stopwatch.GetElapsedTime(start);
        await UntilDeliveredAsync(cluster, cancellationToken).ConfigureAwait(false);
        var delivered = Stopwatch.GetElapsedTime(start);

        // The Master's word that every machine finished, checked against every machine's own inbox.
        for (var m = 0; m < cluster.Machines.Count; m++)
        {
            var listed = (await cluster.LocalServer(m).List(accounts.Token(user)).ConfigureAwait(false)).Count;
            if (listed != letters + 1)
            {
                throw new InvalidOperationException($"{user} has {listed} letters on {cluster.Machines[m]} after {letters + 1} were acknowledged and the Master reported them delivered");
            }
        }

        var note = $"{letters:N0} letters of 512 bytes to one user from {how} (sender i on gateway MD(i mod 3 + 1)), each sending its next letter when the last is acknowledged, as smtp-source -d -s N does over LMTP";
        var perSecond = letters / acked.TotalSeconds;
        report.Add(new Measurement(Scenario, $"{how}: acknowledged", perSecond, "letters/s", Note: note));
        report.Add(new Measurement(Scenario, $"{how}: delivered on every machine", letters / delivered.TotalSeconds, "letters/s",
            Note: note + "; delivered: until the Master's Status shows nothing pending (asked every 20 ms), then List on each machine's own gateway shows them all"));
        return perSecond;
    }

    private static async Task UntilDeliveredAsync(LocalMailCluster cluster, CancellationToken cancellationToken)
    {
        var quiet = await StatusProbe.UntilAsync(cluster.Server(0), cluster.AdminToken, s => s.PendingSends == 0 && s.LiveWork == 0, StatusInterval, Limit, cancellationToken).ConfigureAwait(false);
        if (quiet.Found is null)
        {
            throw new InvalidOperationException($"the letters were not delivered everywhere within {Limit.TotalSeconds:0} s ({quiet.Describe()})");
        }
    }
}

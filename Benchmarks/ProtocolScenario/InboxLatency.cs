using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// "message-polling", "list letters" and "receive mail" for one user with a full inbox, one call after another,
/// on a machine that is neither Master nor Lieutenant. Poll and list are local reads; receive also asks the
/// Master for letters still mid-delivery.
/// </summary>
public static class InboxLatency
{
    private const string Scenario = "protocol/inbox";
    private const int WarmupCalls = 100;

    /// <summary>Fills the poll user's inbox, waits until every machine has it, then times each call.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var machine = cluster.Machines.Count - 1;
        var letters = options.InboxLetters;
        report.Progress.WriteLine($"{Scenario}: {letters} letters for {MailAccounts.PollUser}, then sequential poll, list and receive on {cluster.Machines[machine]}");

        // Unread letters, so poll's answer is the usual "yes", delivered everywhere before the clock starts.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, letters),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, _) => await accounts.Senders[i % accounts.Senders.Count].SendToAsync(MailAccounts.PollUser, $"inbox-{i}").ConfigureAwait(false)).ConfigureAwait(false);
        await cluster.QuietAsync().ConfigureAwait(false);

        var server = cluster.Server(machine);
        var token = accounts.Token(MailAccounts.PollUser);
        var poll = await TimeAsync(options.PollCalls, async () =>
        {
            if (!(await server.Poll(token).ConfigureAwait(false)).Mail)
            {
                throw new InvalidOperationException("poll said there was no mail for a user with unread letters");
            }
        }, cancellationToken).ConfigureAwait(false);
        var list = await TimeAsync(options.ListCalls, async () => Expect("list", (await server.List(token).ConfigureAwait(false)).Count, letters), cancellationToken).ConfigureAwait(false);
        var receive = await TimeAsync(options.ReceiveCalls, async () => Expect("receive", (await server.Receive(token).ConfigureAwait(false)).Letters.Count, letters), cancellationToken).ConfigureAwait(false);

        var note = $"{letters} unread 512-byte letters in the inbox; client → HTTP gateway → MailServer → Inbox → SQLite on {cluster.Machines[machine]}, one call after another after {WarmupCalls} untimed, Stopwatch around each";
        report.Add(new Measurement(Scenario, "poll p50", poll.MedianMicros / 1000, "ms", Target.Below(1), note));
        report.Add(new Measurement(Scenario, "poll p99", poll.P99Micros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, "list p50", list.MedianMicros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, "list p99", list.P99Micros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, "receive p50", receive.MedianMicros / 1000, "ms", Note: note + "; receive returns the bodies and asks the Master for letters mid-delivery"));
        report.Add(new Measurement(Scenario, "receive p99", receive.P99Micros / 1000, "ms", Note: note + "; receive returns the bodies and asks the Master for letters mid-delivery"));
        if (letters == 100)
        {
            report.Maildriver.PollP50Ms = poll.MedianMicros / 1000;
            report.Maildriver.ListP50Ms = list.MedianMicros / 1000;
            report.Maildriver.ReceiveP50Ms = receive.MedianMicros / 1000;
        }
    }

    private static void Expect(string call, int got, int expected)
    {
        if (got != expected)
        {
            throw new InvalidOperationException($"{call} returned {got} letters, expected {expected}");
        }
    }

    private static async Task<LatencySummary> TimeAsync(int calls, Func<Task> call, CancellationToken cancellationToken)
    {
        for (var i = 0; i < WarmupCalls; i++)
        {
            await call().ConfigureAwait(false);
        }

        var durations = new long[calls];
        for (var i = 0; i < durations.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            await call().ConfigureAwait(false);
            durations[i] = Stopwatch.GetTimestamp() - start;
        }

        return LatencySummary.FromTicks(durations);
    }
}

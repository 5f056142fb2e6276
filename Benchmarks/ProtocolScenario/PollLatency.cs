using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>"message-polling" for one user, one call after another: a local read on the connected machine.</summary>
public static class PollLatency
{
    private const string Scenario = "protocol/poll";
    private const int WarmupCalls = 200;

    /// <summary>Gives the poll user one unread letter, then times sequential polls on the last machine.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var machine = cluster.Machines.Count - 1;
        Console.WriteLine($"{Scenario}: {options.PollCalls:N0} sequential polls for one user on {cluster.Machines[machine]} after {WarmupCalls} untimed");

        // Poll answers "is there unread mail": give it some, delivered everywhere, so the answer is the usual "yes".
        var sender = accounts.Senders[0];
        await sender.Server.Send(sender.Token, new SendRequest([MailAccounts.PollUser], "poll me", LetterBody.Small, "poll-letter")).ConfigureAwait(false);
        await cluster.QuietAsync().ConfigureAwait(false);

        var server = cluster.Server(machine);
        for (var i = 0; i < WarmupCalls; i++)
        {
            await server.Poll(accounts.PollToken).ConfigureAwait(false);
        }

        var durations = new long[options.PollCalls];
        var unread = true;
        for (var i = 0; i < durations.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            var result = await server.Poll(accounts.PollToken).ConfigureAwait(false);
            durations[i] = Stopwatch.GetTimestamp() - start;
            unread &= result.Mail;
        }

        if (!unread)
        {
            throw new InvalidOperationException("poll said there was no mail for a user with an unread letter");
        }

        var summary = LatencySummary.FromTicks(durations);
        const string note = "client → HTTP gateway → MailServer → Inbox → SQLite on the same machine, Stopwatch around each call";
        report.Add(new Measurement(Scenario, "poll median", summary.MedianMicros / 1000, "ms", Target.Below(1), note));
        report.Add(new Measurement(Scenario, "poll p99", summary.P99Micros / 1000, "ms", Note: note));
    }
}

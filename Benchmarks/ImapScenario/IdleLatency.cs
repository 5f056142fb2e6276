using System.Diagnostics;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// A client idling on MD1 (IMAP IDLE on its port), letters sent one at a time through MD2 (the client API on MD2's
/// gateway only, as the CLI connected there sends): the time from starting each send, and from its acknowledgement,
/// to the untagged EXISTS that tells the idling client. The target is judged on the first, the stricter.
/// </summary>
public static class IdleLatency
{
    private const string Scenario = "imap/idle";
    private const int Untimed = 2;
    private static readonly TimeSpan TellTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends <see cref="ImapBenchmarkOptions.IdleLetters"/> letters (after two untimed) and records the percentiles.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, ImapAccounts accounts, ImapBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var first = accounts.Senders[0];
        var sender = first with { Server = cluster.LocalServer(1) };
        await using var client = await RawImapClient.LoginAsync(cluster.ImapPorts[0], ImapAccounts.IdleUser, MailAccounts.Password(ImapAccounts.IdleUser), cancellationToken).ConfigureAwait(false);
        var count = Math.Max(0, (await client.RunAsync("SELECT INBOX", cancellationToken).ConfigureAwait(false)).EnsureOk("SELECT INBOX").Exists);
        await client.StartIdleAsync(cancellationToken).ConfigureAwait(false);

        var fromStart = new List<long>();
        var fromAck = new List<long>();
        for (var i = 0; i < Untimed + options.IdleLetters; i++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TellTimeout);
            // Reading before sending: the EXISTS may come before the acknowledgement does.
            var told = client.WaitForExistsAsync(count, timeout.Token);
            var start = Stopwatch.GetTimestamp();
            await sender.SendToAsync(ImapAccounts.IdleUser, $"imap-idle-{i}").ConfigureAwait(false);
            var ack = Stopwatch.GetTimestamp();
            (int Count, long Timestamp) exists;
            try
            {
                exists = await told.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"letter {i + 1}, sent through MD2, was not told to the client idling on MD1 within {TellTimeout.TotalSeconds:0} s");
            }

            count = exists.Count;
            if (i >= Untimed)
            {
                fromStart.Add(exists.Timestamp - start);
                fromAck.Add(exists.Timestamp - ack);
            }
        }

        var started = LatencySummary.FromTicks([.. fromStart]);
        var acked = LatencySummary.FromTicks([.. fromAck]);
        report.Imap.IdleP50Ms = started.MedianMicros / 1000;
        report.Imap.IdleMaxMs = started.MaxMicros / 1000;
        report.Imap.IdleLetters = fromStart.Count;
        var note = $"one letter at a time, the next once the last was told; {Untimed} untimed first; a client idling on MD1's IMAP port, the sender on MD2's gateway only (client API); the untagged EXISTS read by a raw socket client; from the ack may be below zero (told before the ack came back)";
        report.Add(new Measurement(Scenario, $"send started → EXISTS, p50 of {fromStart.Count}", started.MedianMicros / 1000, "ms", Target.AtMost(300), note));
        report.Add(new Measurement(Scenario, $"send started → EXISTS, p99 of {fromStart.Count}", started.P99Micros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, $"send started → EXISTS, slowest of {fromStart.Count}", started.MaxMicros / 1000, "ms", Target.AtMost(1000), note));
        report.Add(new Measurement(Scenario, $"send acknowledged → EXISTS, p50 of {fromAck.Count}", acked.MedianMicros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, $"send acknowledged → EXISTS, p99 of {fromAck.Count}", acked.P99Micros / 1000, "ms", Note: note));
        report.Add(new Measurement(Scenario, $"send acknowledged → EXISTS, slowest of {fromAck.Count}", acked.MaxMicros / 1000, "ms", Note: note));
    }
}

using Maildriver.Grains.Protocol;
using Maildriver.MailPorts.Imap.Fetch;
using Maildriver.MailPorts.LineProtocol;
using Microsoft.Extensions.Logging;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// Runs the commands a mail client sends first once, before the machine's IMAP port opens, in sessions with no socket
/// whose answers are thrown away, so that the first client after a restart (after a failover, every client of the
/// machine that died) finds that code compiled and its types loaded:
/// <list type="bullet">
/// <item>FETCH: a session with no user selects a mailbox of the letters whose envelopes were written to
/// <see cref="RenderedItemFile"/> last, and answers <c>FETCH 1:n (ENVELOPE FLAGS)</c>, <c>UID FETCH 1:* (FLAGS)</c> and
/// <c>SEARCH UNSEEN</c> from the file alone (measured: the first <c>FETCH 1:1000 (ENVELOPE FLAGS)</c> took 35-50 ms
/// without, 5-10 ms after), leaving those envelopes in memory;</item>
/// <item>SELECT: a session logged in with the machine's <see cref="IWarmUpLogin"/> runs <c>EXAMINE INBOX</c> (read-only:
/// nothing changes) and <c>UID FETCH 1:* (FLAGS)</c> through the front door, as a client's would (measured: SELECT of
/// 10,000 letters took 3-11 ms on a restarted machine without it).</item>
/// </list>
/// </summary>
internal static partial class ImapWarmUp
{
    // Enough letters for the loops to run as a real FETCH's do; the envelopes stay in memory for the first clients.
    private const int Letters = 200;

    // It only saves time: one that takes longer than this is given up, and the port opens anyway.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the warm-up: the FETCH part when <paramref name="file"/> holds envelopes, the SELECT part when
    /// <paramref name="login"/> gives a login; nothing while the machine is not serving clients yet. Never throws but
    /// for <paramref name="stopping"/>: a failure is logged, and the port opens as it would have without it.
    /// </summary>
    public static async Task RunAsync(
        MailPortContext context, IGrainFactory grains, TimeProvider time, RenderedItemCache cache, RenderedItemFile? file, IWarmUpLogin? login, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(time);

        // A machine being rebuilt turns sessions away: it warms up at its next start.
        if (context.Readiness.NotReadyReason is not null)
        {
            return;
        }

        var started = time.GetTimestamp();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            limit.CancelAfter(Limit);
            var ids = file is null ? [] : await file.NewestEnvelopesAsync(Letters).ConfigureAwait(false);
            if (ids.Count > 0)
            {
                var letters = ids.Select((id, i) => new MailboxEntry(id, i + 1, Read: i % 2 == 0, Flagged: false, Answered: false)).ToList();
                var script = $"w1 FETCH 1:{letters.Count} (ENVELOPE FLAGS)\r\nw2 UID FETCH 1:* (FLAGS)\r\nw3 SEARCH UNSEEN\r\nw4 LOGOUT\r\n";
                if (!await RunScriptAsync(s => s.SelectWithoutUser(new MailboxSnapshot(1, letters.Count + 1, letters)), script, 4).ConfigureAwait(false))
                {
                    return;
                }

                RanFetch(context.Logger, letters.Count, time.GetElapsedTime(started).TotalMilliseconds);
            }

            if (login is not null && await login.LoginAsync(limit.Token).ConfigureAwait(false) is { } user)
            {
                started = time.GetTimestamp();
                if (await RunScriptAsync(s => s.LogInForWarmUp(user), "s1 EXAMINE INBOX\r\ns2 UID FETCH 1:* (FLAGS)\r\ns3 LOGOUT\r\n", 3).ConfigureAwait(false))
                {
                    RanSelect(context.Logger, time.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            async Task<bool> RunScriptAsync(Action<ImapSession> prepare, string script, int commands)
            {
                var stream = new WarmUpStream(script);
                await using (var connection = new LineConnection(stream, "warm-up", time, Limit, limit.Token))
                {
                    var session = new ImapSession(connection, context, grains, time, cache, file);
                    prepare(session);
                    await session.RunAsync().ConfigureAwait(false);
                }

                // Each command must have been answered OK, or the path the clients take was not the one that ran.
                var heard = stream.Heard;
                var tags = Enumerable.Range(1, commands).Select(i => $"{script[0]}{i}");
                if (tags.FirstOrDefault(tag => !heard.Contains(tag + " OK", StringComparison.Ordinal)) is { } missing)
                {
                    NotAnswered(context.Logger, missing, Last(heard));
                    return false;
                }

                return true;
            }
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            Failed(context.Logger, ex);
        }
    }

    private static string Last(string heard)
    {
        var lines = heard.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "nothing" : lines[^1];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IMAP: the FETCH path ran on {Letters} letters from the disk cache in {Milliseconds:0} ms, before the port opened")]
    private static partial void RanFetch(ILogger logger, int letters, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "IMAP: the SELECT path ran in {Milliseconds:0} ms, before the port opened")]
    private static partial void RanSelect(ILogger logger, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: the warm-up's {Command} was not answered OK (the session's last words: {Last}); the port opens without it")]
    private static partial void NotAnswered(ILogger logger, string command, string last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: the warm-up failed; the port opens without it")]
    private static partial void Failed(ILogger logger, Exception error);
}

using Maildriver.Grains.Protocol;
using Maildriver.MailPorts.Imap.Fetch;
using Maildriver.MailPorts.LineProtocol;
using Microsoft.Extensions.Logging;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// Runs the commands a mail client sends first after SELECT once, before the machine's IMAP port opens: a session with
/// no user and no socket selects a mailbox of the letters whose envelopes were written to <see cref="RenderedItemFile"/>
/// last, and answers <c>FETCH 1:n (ENVELOPE FLAGS)</c>, <c>UID FETCH 1:* (FLAGS)</c> and <c>SEARCH UNSEEN</c> into a
/// buffer that is thrown away. The first client after a restart then finds that code compiled and its types loaded
/// (measured: the first <c>FETCH 1:1000 (ENVELOPE FLAGS)</c> took 35-50 ms without, 5-10 ms after such a FETCH), and
/// those envelopes in memory. Every item comes from the file: no grain is called and no letter is read.
/// </summary>
internal static partial class ImapWarmUp
{
    // Enough letters for the loops to run as a real FETCH's do; the envelopes stay in memory for the first clients.
    private const int Letters = 200;

    // It only saves time: one that takes longer than this is given up, and the port opens anyway.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the warm-up on the newest envelopes in <paramref name="file"/>; nothing when it holds none or the machine is
    /// not serving clients yet. Never throws but for <paramref name="stopping"/>: a failure is logged, and the port
    /// opens as it would have without it.
    /// </summary>
    public static async Task RunAsync(MailPortContext context, IGrainFactory grains, TimeProvider time, RenderedItemCache cache, RenderedItemFile file, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(file);
        var started = time.GetTimestamp();
        try
        {
            // A machine being rebuilt turns sessions away: it warms up at its next start.
            var ids = context.Readiness.NotReadyReason is null ? await file.NewestEnvelopesAsync(Letters).ConfigureAwait(false) : [];
            if (ids.Count == 0)
            {
                return;
            }

            var letters = ids.Select((id, i) => new MailboxEntry(id, i + 1, Read: i % 2 == 0, Flagged: false, Answered: false)).ToList();
            var script = $"w1 FETCH 1:{letters.Count} (ENVELOPE FLAGS)\r\nw2 UID FETCH 1:* (FLAGS)\r\nw3 SEARCH UNSEEN\r\nw4 LOGOUT\r\n";
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            limit.CancelAfter(Limit);
            var stream = new WarmUpStream(script);
            await using (var connection = new LineConnection(stream, "warm-up", time, Limit, limit.Token))
            {
                var session = new ImapSession(connection, context, grains, time, cache, file);
                session.SelectWithoutUser(new MailboxSnapshot(1, letters.Count + 1, letters));
                await session.RunAsync().ConfigureAwait(false);
            }

            // Each command must have been answered OK, or the path the clients take was not the one that ran.
            var heard = stream.Heard;
            if (new[] { "w1 OK", "w2 OK", "w3 OK", "w4 OK" }.FirstOrDefault(ok => !heard.Contains(ok, StringComparison.Ordinal)) is { } missing)
            {
                NotAnswered(context.Logger, missing[..2], Last(heard));
                return;
            }

            Ran(context.Logger, letters.Count, time.GetElapsedTime(started).TotalMilliseconds);
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
    private static partial void Ran(ILogger logger, int letters, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: the warm-up's {Command} was not answered OK (the session's last words: {Last}); the port opens without it")]
    private static partial void NotAnswered(ILogger logger, string command, string last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: the warm-up failed; the port opens without it")]
    private static partial void Failed(ILogger logger, Exception error);
}

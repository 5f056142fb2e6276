namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// Issue 17's IMAP workload, the same commands against either side: <c>FETCH 1:N (ENVELOPE FLAGS)</c> of the small
/// mailbox and <c>SELECT INBOX</c> of the large one, first after the fill, warm (repeated in one session) and cold
/// (first after the side restarts its server process, once per restart). Every answer is checked: N FETCH responses,
/// N EXISTS.
/// </summary>
public static class ImapWorkload
{
    /// <summary>The FETCH command for <paramref name="letters"/> letters.</summary>
    public static string FetchCommand(int letters) => $"FETCH 1:{letters} (ENVELOPE FLAGS)";

    /// <summary>Runs the workload; <paramref name="restart"/> restarts the server process and returns once it answers again.</summary>
    public static async Task<ImapTimings> RunAsync(ImapMailboxes boxes, int warmRepeats, int coldRestarts, Func<CancellationToken, Task> restart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(restart);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmRepeats, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(coldRestarts, 1);

        // First after the fill, then warm, in one session per mailbox.
        var (firstFetch, warmFetch) = await FetchAsync(boxes, warmRepeats, cancellationToken).ConfigureAwait(false);
        var (firstSelect, warmSelect) = await SelectAsync(boxes, warmRepeats, cancellationToken).ConfigureAwait(false);

        // Cold: each restart for both, each mailbox still untouched since it (the SELECT first, in its own session).
        var (coldSelect, coldFetch) = (new List<double>(), new List<double>());
        for (var i = 0; i < coldRestarts; i++)
        {
            await restart(cancellationToken).ConfigureAwait(false);
            coldSelect.Add((await SelectAsync(boxes, 0, cancellationToken).ConfigureAwait(false)).First);
            coldFetch.Add((await FetchAsync(boxes, 0, cancellationToken).ConfigureAwait(false)).First);
        }

        return new ImapTimings(firstFetch, warmFetch, coldFetch, firstSelect, warmSelect, coldSelect);
    }

    private static async Task<(double First, List<double> Warm)> FetchAsync(ImapMailboxes boxes, int repeats, CancellationToken cancellationToken)
    {
        await using var client = await RawImapClient.LoginAsync(boxes.EndPoint, boxes.FetchUser, boxes.FetchPassword, cancellationToken).ConfigureAwait(false);
        var select = (await client.RunAsync("SELECT INBOX", cancellationToken).ConfigureAwait(false)).EnsureOk("SELECT INBOX");
        Expect(select.Exists, boxes.FetchLetters, "letters in the FETCH mailbox (EXISTS)", boxes);
        var command = FetchCommand(boxes.FetchLetters);
        var timings = new List<double>();
        for (var i = 0; i <= repeats; i++)
        {
            var reply = (await client.RunAsync(command, cancellationToken).ConfigureAwait(false)).EnsureOk(command);
            Expect(reply.Fetches, boxes.FetchLetters, "FETCH responses", boxes);
            timings.Add(reply.Elapsed.TotalMilliseconds);
        }

        return (timings[0], timings[1..]);
    }

    private static async Task<(double First, List<double> Warm)> SelectAsync(ImapMailboxes boxes, int repeats, CancellationToken cancellationToken)
    {
        await using var client = await RawImapClient.LoginAsync(boxes.EndPoint, boxes.SelectUser, boxes.SelectPassword, cancellationToken).ConfigureAwait(false);
        var timings = new List<double>();
        for (var i = 0; i <= repeats; i++)
        {
            // SELECT of the mailbox already selected is a new SELECT (RFC 3501 6.3.1): the server reads it again.
            var reply = (await client.RunAsync("SELECT INBOX", cancellationToken).ConfigureAwait(false)).EnsureOk("SELECT INBOX");
            Expect(reply.Exists, boxes.SelectLetters, "letters in the SELECT mailbox (EXISTS)", boxes);
            timings.Add(reply.Elapsed.TotalMilliseconds);
        }

        return (timings[0], timings[1..]);
    }

    private static void Expect(int got, int expected, string what, ImapMailboxes boxes)
    {
        if (got != expected)
        {
            throw new InvalidOperationException($"{what} on {boxes.EndPoint.Host}:{boxes.EndPoint.Port}: {got}, expected {expected}");
        }
    }
}

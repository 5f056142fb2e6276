using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Server;

/// <summary>
/// What an IMAP server asks beyond the paper's requests: a letter without marking it read, the mailbox with its
/// UIDs, many letters' sizes and headers in one call, and the replicated flags, <c>\Seen</c> among them.
/// </summary>
public sealed partial class MailServerGrain
{
    public async Task<LetterView> Peek(string letterId)
    {
        var user = await AuthenticateAsync();
        var entry = await InboxOf(user.Name).Get(letterId ?? string.Empty)
                    ?? throw new RequestRefusedException($"no letter '{letterId}' in your inbox");
        return ToView(entry);
    }

    // Read from the store here rather than through the inbox grain, as Summaries is: a NOOP on a large mailbox is
    // mostly this read, and the grain would read the same store on the same machine.
    public async Task<MailboxSnapshot> Examine()
    {
        var user = await AuthenticateAsync();
        return await store.Inboxes.ExamineAsync(user.Name);
    }

    // Only the counts are waited for: the letters are read behind the answer, in the same snapshot (MailboxRead), and
    // the session takes them with its next command. SELECT of 10,000 letters then costs a few index walks, not the
    // 10,000 rows (11 ms warm, 25-50 ms on a restarted silo), which is what Dovecot's index header spares it.
    public async Task<MailboxOpening> Open()
    {
        var user = await AuthenticateAsync();
        var read = await store.Inboxes.OpenMailboxAsync(user.Name);
        var ticket = openings.Add(user.Name, read);
        return new MailboxOpening(ticket, read.UidValidity, read.UidNext, read.Exists, read.FirstUnseen);
    }

    public async Task<IReadOnlyList<MailboxEntry>> OpenedLetters(Guid ticket)
    {
        var user = await AuthenticateAsync();
        var letters = openings.Take(ticket, user.Name)
                      ?? throw new RequestRefusedException("no mailbox opened here under that ticket: select it again");
        return await letters;
    }

    public async Task CloseOpened(Guid ticket)
    {
        var user = await AuthenticateAsync();
        openings.Close(ticket, user.Name);
    }

    // Read from the store here rather than through the inbox grain: the grain would read the same store on the same
    // machine, and one hop fewer is what a FETCH of a thousand envelopes is made of.
    public async Task<IReadOnlyList<LetterSummary>> Summaries(IReadOnlyList<string> letterIds)
    {
        var user = await AuthenticateAsync();
        var ids = letterIds ?? throw new RequestRefusedException("malformed request: no letter ids");
        if (ids.Count > IMailServer.MaxSummaries || ids.Any(id => id is null))
        {
            throw new RequestRefusedException($"malformed request: 0 to {IMailServer.MaxSummaries} letter ids, none null");
        }

        return await store.Inboxes.GetSummariesAsync(user.Name, ids);
    }

    public async Task<LetterView> SetFlags(string letterId, LetterFlags flags, bool on)
    {
        var user = await AuthenticateAsync();
        if (!flags.IsSettable())
        {
            throw new RequestRefusedException($"malformed request: flags must be Flagged, Answered, Seen or several of them, not '{flags}'");
        }

        var entry = await InboxOf(user.Name).Get(letterId ?? string.Empty)
                    ?? throw new RequestRefusedException($"no letter '{letterId}' in your inbox");
        var current = entry.Flags | (entry.Read ? LetterFlags.Seen : LetterFlags.None);
        var wanted = on ? current | flags : current & ~flags;

        // Recorded even when this machine shows the flags so already: it may not yet have the order of another machine
        // that changed them, and only the Master's order of the two says which comes last on every machine. Replicated
        // as a read flag is (same path, same Delete queue while the letter is in mid-delivery); the op id names the
        // change and its moment, so setting a flag again after clearing it is a new request.
        var order = new Order($"flags:{letterId}:{user.Name}:{(on ? "+" : "-")}{(int)flags}:{time.GetUtcNow().UtcTicks}", OrderKind.SetFlags,
            LetterId: letterId, User: user.Name, Flags: flags, FlagsOn: on);
        await CallMasterAsync(m => m.Record([order]), MasterWait);
        await Replica.ApplyLocal([order]);
        return ToView(entry with { Flags = wanted & ~LetterFlags.Seen, Read = wanted.HasFlag(LetterFlags.Seen) });
    }
}

using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.Imap.Mailbox;
using Maildriver.MailPorts.Imap.Store;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// STORE and UID STORE (RFC 3501 sections 6.4.6 and 6.4.8): <c>\Seen</c> through the client API's read,
/// <c>\Flagged</c> and <c>\Answered</c> through SetFlags, each replicated before the answer; <c>\Deleted</c> kept
/// here until EXPUNGE.
/// </summary>
internal sealed partial class ImapSession
{
    private async Task StoreAsync(string tag, ImapParser parser, bool byUid)
    {
        var mailbox = Selected;
        var request = StoreRequest.Parse(parser);

        var chosen = mailbox.Resolve(request.Set, byUid);
        if (mailbox.ReadOnly)
        {
            await ReplyAsync($"{tag} NO [READ-ONLY] the mailbox was opened with EXAMINE").ConfigureAwait(false);
            return;
        }

        // The read flag has no clear order yet (README, "IMAP's UIDs and flags"): refused before anything changes.
        if (chosen.Any(x => x.Message.Letter.Read && !request.Apply(FlagsOf(x.Message)).HasFlag(ImapFlags.Seen)))
        {
            await ReplyAsync($"{tag} NO [CANNOT] \\Seen cannot be cleared yet").ConfigureAwait(false);
            return;
        }

        var lines = new List<string>();
        foreach (var (number, message) in chosen)
        {
            var before = FlagsOf(message);
            var after = request.Apply(before);
            await ChangeAsync(message, before, after).ConfigureAwait(false);
            if (!request.Silent)
            {
                lines.Add($"* {number} FETCH ({(byUid ? $"UID {message.Uid} " : string.Empty)}FLAGS {message.Flags})");
            }
        }

        lines.Add($"{tag} OK {(byUid ? "UID " : string.Empty)}STORE completed");
        await ReplyAsync(string.Join("\r\n", lines)).ConfigureAwait(false);
    }

    private async Task ChangeAsync(ImapMessage message, ImapFlags before, ImapFlags after)
    {
        var id = message.Letter.Id;
        if (after.HasFlag(ImapFlags.Seen) && !before.HasFlag(ImapFlags.Seen))
        {
            await Context.Server.Read(_token!, id).ConfigureAwait(false);
            message.Letter = message.Letter with { Read = true };
        }

        var on = Replicated(after & ~before);
        var off = Replicated(before & ~after);
        foreach (var (flags, set) in new[] { (on, true), (off, false) })
        {
            if (flags != LetterFlags.None)
            {
                var now = await Context.Server.SetFlags(_token!, id, flags, set).ConfigureAwait(false);
                message.Letter = message.Letter with { Flagged = now.Flagged, Answered = now.Answered };
            }
        }

        message.Deleted = after.HasFlag(ImapFlags.Deleted);
    }

    private static LetterFlags Replicated(ImapFlags flags)
        => (flags.HasFlag(ImapFlags.Flagged) ? LetterFlags.Flagged : LetterFlags.None) | (flags.HasFlag(ImapFlags.Answered) ? LetterFlags.Answered : LetterFlags.None);

    private static ImapFlags FlagsOf(ImapMessage message)
        => (message.Letter.Read ? ImapFlags.Seen : ImapFlags.None)
           | (message.Letter.Flagged ? ImapFlags.Flagged : ImapFlags.None)
           | (message.Letter.Answered ? ImapFlags.Answered : ImapFlags.None)
           | (message.Deleted ? ImapFlags.Deleted : ImapFlags.None);
}

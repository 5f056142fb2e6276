using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.Imap.Mailbox;
using Maildriver.MailPorts.Imap.Store;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// STORE and UID STORE (RFC 3501 sections 6.4.6 and 6.4.8): <c>\Seen</c> (the read flag), <c>\Flagged</c> and
/// <c>\Answered</c> set and cleared through the client API's SetFlags, replicated before the answer;
/// <c>\Deleted</c> kept here until EXPUNGE.
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

    // At most two calls a letter, one setting and one clearing, each carrying every replicated flag that changes.
    private async Task ChangeAsync(ImapMessage message, ImapFlags before, ImapFlags after)
    {
        var id = message.Letter.Id;
        foreach (var (flags, set) in new[] { (Replicated(after & ~before), true), (Replicated(before & ~after), false) })
        {
            if (flags != LetterFlags.None)
            {
                var now = await Context.Server.SetFlags(_token!, id, flags, set).ConfigureAwait(false);
                message.Letter = message.Letter with { Read = now.Read, Flagged = now.Flagged, Answered = now.Answered };
            }
        }

        message.Deleted = after.HasFlag(ImapFlags.Deleted);
    }

    private static LetterFlags Replicated(ImapFlags flags)
        => (flags.HasFlag(ImapFlags.Flagged) ? LetterFlags.Flagged : LetterFlags.None)
           | (flags.HasFlag(ImapFlags.Answered) ? LetterFlags.Answered : LetterFlags.None)
           | (flags.HasFlag(ImapFlags.Seen) ? LetterFlags.Seen : LetterFlags.None);

    private static ImapFlags FlagsOf(ImapMessage message)
        => (message.Letter.Read ? ImapFlags.Seen : ImapFlags.None)
           | (message.Letter.Flagged ? ImapFlags.Flagged : ImapFlags.None)
           | (message.Letter.Answered ? ImapFlags.Answered : ImapFlags.None)
           | (message.Deleted ? ImapFlags.Deleted : ImapFlags.None);
}

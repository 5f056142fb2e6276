using System.Globalization;
using System.Text;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.Imap.Mailbox;
using Maildriver.MailPorts.Imap.Search;
using Maildriver.MailPorts.Imap.Syntax;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// The selected state (RFC 3501 section 6.4): SEARCH, EXPUNGE, CLOSE, UNSELECT, and the UID forms (CHECK is NOOP's,
/// in <c>ImapSession.cs</c>).
/// </summary>
internal sealed partial class ImapSession
{
    private ImapMailbox Selected => _mailbox ?? throw new InvalidOperationException("no mailbox is selected");

    private async Task<bool> SelectedAsync(string tag, string name, ImapParser parser)
    {
        var byUid = false;
        if (name == "UID")
        {
            parser.Space();
            name = parser.ReadAtom().ToUpperInvariant();
            byUid = true;
        }

        switch (name)
        {
            case "FETCH":
                await FetchAsync(tag, parser, byUid).ConfigureAwait(false);
                return true;
            case "STORE":
                await StoreAsync(tag, parser, byUid).ConfigureAwait(false);
                return true;
            case "SEARCH":
                await SearchAsync(tag, parser, byUid).ConfigureAwait(false);
                return true;
            case "EXPUNGE":
                SequenceSet? only = null;
                if (byUid)
                {
                    // UIDPLUS (RFC 4315 section 2.1): only the \Deleted messages among these UIDs.
                    parser.Space();
                    only = parser.ReadSequenceSet();
                }

                parser.ExpectEnd();
                await ExpungeAsync(tag, only, quiet: false).ConfigureAwait(false);
                return true;
            case "COPY" or "MOVE":
                await ReplyAsync($"{tag} NO [CANNOT] Maildriver has only INBOX: {name} is not offered").ConfigureAwait(false);
                return true;
            case "CLOSE" when !byUid:
                parser.ExpectEnd();
                if (!Selected.ReadOnly)
                {
                    // RFC 3501 section 6.4.2: CLOSE expunges silently, and never in a read-only mailbox.
                    await DeleteMarkedAsync(null).ConfigureAwait(false);
                }

                (_mailbox, _state) = (null, ImapState.Authenticated);
                await ReplyAsync($"{tag} OK CLOSE completed").ConfigureAwait(false);
                return true;
            case "UNSELECT" when !byUid:
                // RFC 3691: as CLOSE, without deleting anything.
                parser.ExpectEnd();
                (_mailbox, _state) = (null, ImapState.Authenticated);
                await ReplyAsync($"{tag} OK UNSELECT completed").ConfigureAwait(false);
                return true;
            default:
                return await UnknownAsync(tag, byUid ? "UID " + name : name).ConfigureAwait(false);
        }
    }

    private async Task SearchAsync(string tag, ImapParser parser, bool byUid)
    {
        var mailbox = Selected;
        parser.Space();
        var largestUid = mailbox.All.Select(x => x.Message.Uid).DefaultIfEmpty(0).Max();
        var test = SearchQuery.Parse(parser, mailbox.Count, largestUid);
        if (test.ReadsSummaries)
        {
            await ReadSummariesAsync(mailbox.All.Select(x => x.Message), test.ReadsTexts, refuseMissing: false).ConfigureAwait(false);
        }

        // A letter deleted by another session since this one last looked has no summary: it matches nothing (the
        // client learns of its expunge with the next command).
        var found = mailbox.All
            .Where(x => (!test.ReadsSummaries || x.Message.HasSummary(test.ReadsTexts)) && test.Matches(x.Number, x.Message))
            .Select(x => byUid ? x.Message.Uid : x.Number);
        var line = new StringBuilder("* SEARCH");
        foreach (var number in found)
        {
            line.Append(' ').Append(number.ToString(CultureInfo.InvariantCulture));
        }

        await ReplyAsync($"{line}\r\n{tag} OK {(byUid ? "UID " : string.Empty)}SEARCH completed").ConfigureAwait(false);
    }

    // Sizes, dates and (for a text search) header sections come in one call per thousand letters, for the messages
    // that lack them. A letter deleted meanwhile is missing from the answer: refused as FETCH refuses it when
    // `refuseMissing`, else left without its summary.
    private async Task ReadSummariesAsync(IEnumerable<ImapMessage> messages, bool texts, bool refuseMissing)
    {
        foreach (var chunk in messages.Where(m => !m.HasSummary(texts)).Chunk(IMailServer.MaxSummaries))
        {
            var summaries = (await Context.Server.Summaries(_token!, chunk.Select(m => m.Letter.Id).ToList()).ConfigureAwait(false))
                .ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var message in chunk)
            {
                if (summaries.TryGetValue(message.Letter.Id, out var summary))
                {
                    message.Take(summary, texts);
                }
                else if (refuseMissing)
                {
                    throw new RequestRefusedException($"no letter '{message.Letter.Id}' in your inbox");
                }
            }
        }
    }

    // RFC 3501 section 6.4.3: the \Deleted messages go, on every machine, and each is told as "* n EXPUNGE".
    private async Task ExpungeAsync(string tag, SequenceSet? only, bool quiet)
    {
        if (Selected.ReadOnly)
        {
            await ReplyAsync($"{tag} NO [READ-ONLY] the mailbox was opened with EXAMINE").ConfigureAwait(false);
            return;
        }

        var gone = await DeleteMarkedAsync(only).ConfigureAwait(false);
        List<string> lines = quiet ? [] : gone.Select(n => $"* {n} EXPUNGE").ToList();
        lines.Add($"{tag} OK {(only is null ? string.Empty : "UID ")}EXPUNGE completed");
        await ReplyAsync(string.Join("\r\n", lines)).ConfigureAwait(false);
    }

    // The replicated delete of the messages marked \Deleted (among the UIDs in only); their numbers, highest first.
    private async Task<IReadOnlyList<int>> DeleteMarkedAsync(SequenceSet? only)
    {
        var mailbox = Selected;
        var largestUid = mailbox.All.Select(x => x.Message.Uid).DefaultIfEmpty(0).Max();
        var marked = mailbox.All.Where(x => x.Message.Deleted && (only is null || only.Contains(x.Message.Uid, largestUid))).Select(x => x.Message).ToList();
        if (marked.Count == 0)
        {
            return [];
        }

        await Context.Server.Delete(_token!, marked.Select(m => m.Letter.Id).ToList()).ConfigureAwait(false);
        MailPortsLog.ImapExpunged(Context.Logger, _user!, marked.Count);
        return mailbox.Remove(marked.Select(m => m.Uid).ToHashSet());
    }

    // What changed on this machine since the client last looked (NOOP, CHECK, IDLE): RFC 3501 section 7.4.1 lets
    // EXPUNGE be told only here, never during FETCH, STORE or SEARCH, where sequence numbers must stay put.
    private async Task SynchroniseAsync()
    {
        if (_mailbox is not { } mailbox)
        {
            return;
        }

        var changes = mailbox.Update(await Context.Server.Examine(_token!).ConfigureAwait(false));
        var lines = changes.Expunged.Select(n => $"* {n} EXPUNGE").ToList();
        if (changes.Exists is { } exists)
        {
            lines.Add($"* {exists} EXISTS");
        }

        var byNumber = mailbox.All.ToDictionary(x => x.Number, x => x.Message);
        lines.AddRange(changes.FlagsChanged.Select(n => $"* {n} FETCH (UID {byNumber[n].Uid} FLAGS {byNumber[n].Flags})"));
        if (lines.Count > 0)
        {
            await ReplyAsync(string.Join("\r\n", lines)).ConfigureAwait(false);
        }
    }
}

using Maildriver.Grains.Server;
using Maildriver.MailPorts.Imap.Fetch;
using Maildriver.MailPorts.Imap.Mailbox;
using Maildriver.MailPorts.Imap.Responses;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>FETCH and UID FETCH (RFC 3501 sections 6.4.5 and 6.4.8).</summary>
internal sealed partial class ImapSession
{
    private async Task FetchAsync(string tag, ImapParser parser, bool byUid)
    {
        var mailbox = Selected;
        parser.Space();
        var set = parser.ReadSequenceSet();
        parser.Space();
        var items = FetchRequest.Parse(parser).ToList();
        if (byUid && !items.Exists(i => i.Kind == FetchKind.Uid))
        {
            // RFC 3501 section 6.4.8: UID FETCH always answers with the UID.
            items.Insert(0, new FetchItem(FetchKind.Uid, "UID"));
        }

        var chosen = mailbox.Resolve(set, byUid);
        var needsMessage = items.Exists(i => i.NeedsMessage);

        // Without a body section every letter's items come from the mailbox's list and the rendered items, loaded
        // for all the letters at once; with one, the message is read per letter anyway, and they are made from it.
        var rendered = needsMessage || !items.Exists(ItemRendering.IsRendered)
            ? null
            : await _renderedItems.LoadAsync(_token!, chosen.Select(c => c.Message.Letter.Id).ToList(), items).ConfigureAwait(false);

        // Sizes and dates are not in the mailbox's list: read once per thousand letters, then kept with the messages.
        if (items.Exists(i => i.Kind is FetchKind.InternalDate || (i.Kind is FetchKind.Size && !needsMessage)))
        {
            await ReadSummariesAsync(chosen.Select(c => c.Message), texts: false, refuseMissing: true).ConfigureAwait(false);
        }

        // A body fetched without PEEK sets \Seen (RFC 3501 section 6.4.5), except in a read-only mailbox.
        var marksSeen = !mailbox.ReadOnly && items.Exists(i => i.Kind == FetchKind.Body && !i.Peek);
        var response = new ImapResponse();
        foreach (var (number, message) in chosen)
        {
            byte[]? bytes = null;
            var wasRead = message.Letter.Read;
            if (needsMessage)
            {
                var letter = marksSeen && !wasRead
                    ? await Context.Server.Read(_token!, message.Letter.Id).ConfigureAwait(false)
                    : await Context.Server.Peek(_token!, message.Letter.Id).ConfigureAwait(false);
                bytes = letter.Message ?? throw new InvalidOperationException($"letter {letter.Id} came without its message");
                message.Letter = message.Letter with { Read = message.Letter.Read || letter.Read };
            }

            var withFlags = message.Letter.Read != wasRead && !items.Exists(i => i.Kind == FetchKind.Flags)
                ? [.. items, new FetchItem(FetchKind.Flags, "FLAGS")]
                : items;
            response.Text($"* {number} FETCH (");
            for (var i = 0; i < withFlags.Count; i++)
            {
                response.Text(i == 0 ? string.Empty : " ");
                var item = withFlags[i];
                var octets = !ItemRendering.IsRendered(item) ? null
                    : rendered is not null ? rendered[(message.Letter.Id, item.Name)]
                    : _renderedItems.From(message.Letter.Id, item, bytes!);
                Write(response, item, message, bytes, octets);
            }

            response.Text(")").Line();
        }

        response.Text($"{tag} OK {(byUid ? "UID " : string.Empty)}FETCH completed").Line();
        await Connection.WriteAsync(response.Bytes).ConfigureAwait(false);
    }

    private static void Write(ImapResponse response, FetchItem item, ImapMessage message, byte[]? bytes, byte[]? rendered)
    {
        response.Text(item.Name).Text(" ");
        var letter = message.Letter;
        switch (item.Kind)
        {
            case FetchKind.Flags:
                response.Text(message.Flags);
                break;
            case FetchKind.Uid:
                response.Number(message.Uid);
                break;
            case FetchKind.InternalDate:
                response.Text("\"" + ImapDates.DateTime(message.SentAt ?? throw new InvalidOperationException($"letter {letter.Id}'s summary was not read")) + "\"");
                break;
            case FetchKind.Size:
                // The stored message's octets, which BODY[] serves: the letter's summary carries them (the store keeps each letter's size).
                response.Number(bytes?.Length ?? message.Size ?? throw new InvalidOperationException($"letter {letter.Id}'s summary was not read"));
                break;
            case FetchKind.Envelope:
            case FetchKind.BodyStructure:
                response.Raw(rendered);
                break;
            case FetchKind.Body:
                response.Literal(MessageSections.Partial(MessageSections.Of(bytes!, item.Section!), item.PartialStart, item.PartialCount));
                break;
            default:
                throw new InvalidOperationException($"{item.Kind} is no FETCH item");
        }
    }
}

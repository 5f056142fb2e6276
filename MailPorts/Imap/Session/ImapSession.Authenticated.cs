using System.Text.RegularExpressions;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.Imap.Mailbox;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>The authenticated state (RFC 3501 section 6.3): INBOX is the only mailbox.</summary>
internal sealed partial class ImapSession
{
    private const string Inbox = "INBOX";

    private async Task<bool> AuthenticatedAsync(string tag, string name, ImapParser parser)
    {
        switch (name)
        {
            case "SELECT":
            case "EXAMINE":
                await SelectAsync(tag, name, MailboxName(parser)).ConfigureAwait(false);
                return true;
            case "LIST":
            case "LSUB":
                await ListAsync(tag, name, parser).ConfigureAwait(false);
                return true;
            case "STATUS":
                await StatusAsync(tag, parser).ConfigureAwait(false);
                return true;
            case "IDLE":
                parser.ExpectEnd();
                return await IdleAsync(tag).ConfigureAwait(false);
            case "CREATE" or "DELETE" or "RENAME" or "SUBSCRIBE" or "UNSUBSCRIBE" or "APPEND":
                // Parsed no further: whatever the arguments, the answer is the same and nothing changes.
                await ReplyAsync($"{tag} NO [CANNOT] Maildriver has only INBOX: {name} is not offered").ConfigureAwait(false);
                return true;
            case "LOGIN" or "AUTHENTICATE" or "STARTTLS":
                return await WrongStateAsync(tag, name, "already logged in");
            default:
                return await UnknownAsync(tag, name).ConfigureAwait(false);
        }
    }

    private static string MailboxName(ImapParser parser)
    {
        parser.Space();
        var mailbox = parser.ReadAString();
        parser.ExpectEnd();
        return mailbox;
    }

    // RFC 3501 section 5.1: INBOX is case-insensitive; any other name names nothing here.
    private static bool IsInbox(string mailbox) => mailbox.Equals(Inbox, StringComparison.OrdinalIgnoreCase);

    // RFC 3501 section 6.3.1: a SELECT, even a failed one, first leaves the mailbox selected before.
    private async Task SelectAsync(string tag, string command, string mailboxName)
    {
        (_mailbox, _state) = (null, ImapState.Authenticated);
        if (!IsInbox(mailboxName))
        {
            await ReplyAsync($"{tag} NO [NONEXISTENT] no mailbox {mailboxName}: Maildriver has only INBOX").ConfigureAwait(false);
            return;
        }

        // \Deleted is listed as permanent although the session keeps it until EXPUNGE: clients (MailKit among them)
        // store only the flags PERMANENTFLAGS lists, and a \Deleted that cannot be stored could never be expunged.
        var readOnly = command == "EXAMINE";
        // Answered from the counts; the letters, read in the same snapshot behind the answer, are asked for at once
        // and waited for by the next command (DispatchAsync), when the client has had the answer.
        var opening = await Context.Server.Open(_token!).ConfigureAwait(false);
        var mailbox = ImapMailbox.Open(opening, Context.Server.OpenedLetters(_token!, opening.Ticket), readOnly);
        (_mailbox, _state) = (mailbox, ImapState.Selected);
        var lines = new List<string>
        {
            $"* {mailbox.Count} EXISTS",
            "* 0 RECENT",
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen)",
            readOnly ? "* OK [PERMANENTFLAGS ()] read-only" : "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen)] limited",
            $"* OK [UIDVALIDITY {mailbox.UidValidity}] UIDs valid",
            $"* OK [UIDNEXT {mailbox.UidNext}] predicted next UID",
        };
        if (mailbox.FirstUnseen is { } unseen)
        {
            lines.Add($"* OK [UNSEEN {unseen}] first unseen message");
        }

        lines.Add($"{tag} OK [{(readOnly ? "READ-ONLY" : "READ-WRITE")}] {command} completed");
        await ReplyAsync(string.Join("\r\n", lines)).ConfigureAwait(false);
    }

    // RFC 3501 sections 6.3.8 and 6.3.9: the reference and the pattern together, "*" and "%" wildcards; INBOX
    // has no children and the hierarchy delimiter is "/". An empty pattern asks for the delimiter.
    private async Task ListAsync(string tag, string command, ImapParser parser)
    {
        parser.Space();
        var reference = parser.ReadAString();
        parser.Space();
        var pattern = parser.Peek == '"' || parser.Peek == '{' ? parser.ReadString() : parser.ReadWord();
        parser.ExpectEnd();
        var lines = new List<string>();
        if (pattern.Length == 0)
        {
            lines.Add($"* {command} (\\Noselect) \"/\" \"\"");
        }
        else if (Regex.IsMatch(Inbox, "^" + Regex.Escape(reference + pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("%", "[^/]*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            lines.Add($"* {command} (\\HasNoChildren) \"/\" {Inbox}");
        }

        lines.Add($"{tag} OK {command} completed");
        await ReplyAsync(string.Join("\r\n", lines)).ConfigureAwait(false);
    }

    // RFC 3501 section 6.3.10: MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN of INBOX, as this machine has it now.
    private async Task StatusAsync(string tag, ImapParser parser)
    {
        parser.Space();
        var mailboxName = parser.ReadAString();
        parser.Space();
        parser.Expect('(');
        var items = new List<string>();
        do
        {
            var item = parser.ReadAtom().ToUpperInvariant();
            items.Add(item is "MESSAGES" or "RECENT" or "UIDNEXT" or "UIDVALIDITY" or "UNSEEN" ? item : throw new ImapSyntaxException($"unknown STATUS item '{item}'"));
        }
        while (parser.TryTake(' '));

        parser.Expect(')');
        parser.ExpectEnd();
        if (!IsInbox(mailboxName))
        {
            await ReplyAsync($"{tag} NO [NONEXISTENT] no mailbox {mailboxName}: Maildriver has only INBOX").ConfigureAwait(false);
            return;
        }

        var snapshot = await Context.Server.Examine(_token!).ConfigureAwait(false);
        var values = items.Select(item => item + " " + item switch
        {
            "MESSAGES" => snapshot.Letters.Count,
            "RECENT" => 0,
            "UIDNEXT" => snapshot.UidNext,
            "UIDVALIDITY" => snapshot.UidValidity,
            _ => snapshot.Letters.Count(l => !l.Read),
        });
        await ReplyAsync($"* STATUS {Inbox} ({string.Join(' ', values)})\r\n{tag} OK STATUS completed").ConfigureAwait(false);
    }
}

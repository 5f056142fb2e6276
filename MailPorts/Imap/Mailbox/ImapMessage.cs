using Maildriver.Grains.Protocol;

namespace Maildriver.MailPorts.Imap.Mailbox;

/// <summary>One message of the selected mailbox: the letter as the machine last showed it, and the session's marks.</summary>
internal sealed class ImapMessage(MailboxEntry letter)
{
    /// <summary>The letter, its flags as last seen.</summary>
    public MailboxEntry Letter { get; set; } = letter;

    /// <summary>Its UID (RFC 3501 section 2.3.1.1), the same on every machine.</summary>
    public long Uid => Letter.Uid;

    /// <summary>The stored message's octets (RFC822.SIZE), once a command has read the letter's summary; null before.</summary>
    public long? Size { get; private set; }

    /// <summary>When the letter was accepted (INTERNALDATE), once a command has read its summary; null before.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>What SEARCH FROM, TO and SUBJECT look in, once a text search has read the summary; null before.</summary>
    public SearchTexts? Texts { get; private set; }

    /// <summary>Whether the summary has been read, with the search texts when <paramref name="texts"/>.</summary>
    public bool HasSummary(bool texts) => Size is not null && (!texts || Texts is not null);

    /// <summary>Takes in what <paramref name="summary"/> says (letters never change, so it stays true), the search texts when <paramref name="texts"/>.</summary>
    public void Take(LetterSummary summary, bool texts)
    {
        ArgumentNullException.ThrowIfNull(summary);
        (Size, SentAt) = (summary.Size, summary.SentAt);
        Texts = texts ? Texts ?? SearchTexts.Of(summary.Header) : Texts;
    }

    /// <summary>
    /// <c>\Deleted</c>: kept by this session until EXPUNGE or CLOSE deletes the letter on every machine (a flag
    /// that is not permanent, RFC 3501 section 7.1, PERMANENTFLAGS).
    /// </summary>
    public bool Deleted { get; set; }

    /// <summary>Its flags as FETCH FLAGS shows them, e.g. <c>(\Seen \Flagged)</c>.</summary>
    public string Flags
    {
        get
        {
            var flags = new List<string>(4);
            if (Letter.Answered)
            {
                flags.Add("\\Answered");
            }

            if (Letter.Flagged)
            {
                flags.Add("\\Flagged");
            }

            if (Deleted)
            {
                flags.Add("\\Deleted");
            }

            if (Letter.Read)
            {
                flags.Add("\\Seen");
            }

            return "(" + string.Join(' ', flags) + ")";
        }
    }
}

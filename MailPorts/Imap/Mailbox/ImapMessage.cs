using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Imap.Mailbox;

/// <summary>One message of the selected mailbox: the letter as the machine last showed it, and the session's marks.</summary>
internal sealed class ImapMessage(LetterView letter)
{
    /// <summary>The letter, its flags as last seen.</summary>
    public LetterView Letter { get; set; } = letter;

    /// <summary>Its UID (RFC 3501 section 2.3.1.1), the same on every machine.</summary>
    public long Uid => Letter.Uid;

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

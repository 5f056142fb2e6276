namespace Maildriver.MailPorts.Pop3;

/// <summary>One letter of a POP3 maildrop.</summary>
/// <param name="LetterId">The Maildriver letter id.</param>
/// <param name="Uidl">Its unique-id listing (RFC 1939 section 7): the letter id, which never changes.</param>
/// <param name="Message">The letter's stored RFC 5322 message, served as it is (CRLF lines, not dot-stuffed).</param>
/// <param name="Read">Whether the user had read it when the maildrop was opened.</param>
public sealed record Pop3Message(string LetterId, string Uidl, byte[] Message, bool Read)
{
    /// <summary>Its size in octets, as STAT and LIST report it.</summary>
    public int Size => Message.Length;

    /// <summary>
    /// TOP: the header section, the empty line and the first <paramref name="lines"/> lines of the body, cut from
    /// the stored bytes (RFC 1939 defines it on lines, so no parsing is wanted; a message with no empty line is all
    /// header).
    /// </summary>
    public ReadOnlyMemory<byte> Top(int lines)
    {
        var end = BodyOffset();
        for (var i = 0; i < lines && end < Message.Length; i++)
        {
            var lf = Array.IndexOf(Message, (byte)'\n', end);
            end = lf < 0 ? Message.Length : lf + 1;
        }

        return Message.AsMemory(0, end);
    }

    // Just after the first empty line; the whole message when it has none.
    private int BodyOffset()
    {
        var span = Message.AsSpan();
        if (span.StartsWith("\r\n"u8))
        {
            return 2;
        }

        var blank = span.IndexOf("\r\n\r\n"u8);
        return blank < 0 ? Message.Length : blank + 4;
    }
}

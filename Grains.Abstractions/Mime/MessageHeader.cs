namespace Maildriver.Grains.Mime;

/// <summary>Where a stored RFC 5322 message's header section ends (RFC 5322 section 2.1: at the first empty line).</summary>
public static class MessageHeader
{
    /// <summary>
    /// The octets of the header section with the empty line that ends it (RFC 3501's <c>BODY[HEADER]</c>); all of
    /// <paramref name="message"/> when it has no empty line, and 2 when it starts with one (no header fields).
    /// </summary>
    public static int Length(ReadOnlySpan<byte> message)
    {
        if (message.StartsWith("\r\n"u8))
        {
            return 2;
        }

        var blank = message.IndexOf("\r\n\r\n"u8);
        return blank < 0 ? message.Length : blank + 4;
    }

    /// <summary>
    /// Whether <paramref name="prefix"/>, the first octets of a message, holds its whole header section: it has the
    /// empty line, or it is the whole message.
    /// </summary>
    public static bool IsWhole(ReadOnlySpan<byte> prefix, long messageSize)
        => prefix.Length >= messageSize || prefix.StartsWith("\r\n"u8) || prefix.IndexOf("\r\n\r\n"u8) >= 0;
}

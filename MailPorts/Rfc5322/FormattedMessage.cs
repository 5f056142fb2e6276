namespace Maildriver.MailPorts.Rfc5322;

/// <summary>A letter as an RFC 5322 message: CRLF lines, header section, empty line, body.</summary>
/// <param name="Bytes">The whole message, not dot-stuffed.</param>
/// <param name="BodyOffset">Where the body begins (just after the empty line).</param>
public sealed record FormattedMessage(byte[] Bytes, int BodyOffset)
{
    /// <summary>Its size in octets, as POP3's STAT and LIST report it.</summary>
    public int Size => Bytes.Length;

    /// <summary>The header section, the empty line and the first <paramref name="lines"/> lines of the body (POP3 TOP).</summary>
    public ReadOnlyMemory<byte> Top(int lines)
    {
        var end = BodyOffset;
        for (var i = 0; i < lines && end < Bytes.Length; i++)
        {
            var lf = Array.IndexOf(Bytes, (byte)'\n', end);
            end = lf < 0 ? Bytes.Length : lf + 1;
        }

        return Bytes.AsMemory(0, end);
    }
}

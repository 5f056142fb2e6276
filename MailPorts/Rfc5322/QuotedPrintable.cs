using System.Text;

namespace Maildriver.MailPorts.Rfc5322;

/// <summary>The quoted-printable content transfer encoding of RFC 2045 section 6.7.</summary>
public static class QuotedPrintable
{
    private const int MaxEncodedLine = 76;
    private const string Hex = "0123456789ABCDEF";

    /// <summary>
    /// Encodes text given as CRLF lines of bytes: hard line breaks stay CRLF, every line is at most 76 characters
    /// (soft breaks "=" CRLF), and the result is 7-bit.
    /// </summary>
    public static string Encode(ReadOnlySpan<byte> text)
    {
        var output = new StringBuilder(text.Length + (text.Length / 3));
        while (!text.IsEmpty)
        {
            var crlf = text.IndexOf("\r\n"u8);
            var line = crlf < 0 ? text : text[..crlf];
            EncodeLine(line, output);
            if (crlf < 0)
            {
                break;
            }

            output.Append("\r\n");
            text = text[(crlf + 2)..];
        }

        return output.ToString();
    }

    /// <summary>Decodes quoted-printable text; a malformed escape is kept as it is, as RFC 2045 suggests.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        var output = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b != (byte)'=')
            {
                output.Add(b);
                continue;
            }

            // A soft line break: "=" then optional trailing white space, then the line end.
            var j = i + 1;
            while (j < encoded.Length && encoded[j] is (byte)' ' or (byte)'\t')
            {
                j++;
            }

            if (j < encoded.Length && encoded[j] is (byte)'\r' or (byte)'\n')
            {
                i = encoded[j] == (byte)'\r' && j + 1 < encoded.Length && encoded[j + 1] == (byte)'\n' ? j + 1 : j;
                continue;
            }

            if (j == encoded.Length)
            {
                break; // "=" at the very end: a soft break with nothing after it
            }

            if (i + 2 < encoded.Length && HexValue(encoded[i + 1]) is var high and >= 0 && HexValue(encoded[i + 2]) is var low and >= 0)
            {
                output.Add((byte)((high << 4) | low));
                i += 2;
            }
            else
            {
                output.Add(b);
            }
        }

        return [.. output];
    }

    private static void EncodeLine(ReadOnlySpan<byte> line, StringBuilder output)
    {
        var column = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            var last = i == line.Length - 1;

            // Trailing white space would be lost by transports that strip it, so it is encoded at a line's end.
            var literal = b is >= 33 and <= 126 and not (byte)'=' || (b is (byte)' ' or (byte)'\t' && !last);
            var width = literal ? 1 : 3;

            // Keep room for the soft break "=" unless this is the line's last character.
            if (column + width > (last ? MaxEncodedLine : MaxEncodedLine - 1))
            {
                output.Append("=\r\n");
                column = 0;
            }

            if (literal)
            {
                output.Append((char)b);
            }
            else
            {
                output.Append('=').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }

            column += width;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };
}

using System.Buffers;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>
/// The transparency rule shared by POP3 multi-line replies (RFC 1939 section 3) and SMTP DATA (RFC 5321 section
/// 4.5.2): a line consisting of a single "." ends the text, so a line of the text that begins with "." is sent with
/// one more "." in front.
/// </summary>
public static class DotStuffing
{
    private static readonly byte[] Terminator = ".\r\n"u8.ToArray();

    /// <summary>
    /// <paramref name="text"/> (CRLF lines) as it goes on the wire: dot-stuffed, ending with CRLF, then the
    /// terminating ".CRLF".
    /// </summary>
    public static void Encode(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var atLineStart = true;
        while (!text.IsEmpty)
        {
            if (atLineStart && text[0] == (byte)'.')
            {
                output.Write("."u8);
            }

            var lf = text.IndexOf((byte)'\n');
            var line = lf < 0 ? text : text[..(lf + 1)];
            output.Write(line);
            text = text[line.Length..];
            atLineStart = lf >= 0;
        }

        if (!atLineStart)
        {
            output.Write("\r\n"u8);
        }

        output.Write(Terminator);
    }

    /// <summary>Whether a received line (without its CRLF) is the end-of-text marker.</summary>
    public static bool IsTerminator(ReadOnlySpan<byte> line) => line.Length == 1 && line[0] == (byte)'.';

    /// <summary>A received line (without its CRLF) with the transparency dot removed.</summary>
    public static ReadOnlySpan<byte> Unstuff(ReadOnlySpan<byte> line) => line.Length > 0 && line[0] == (byte)'.' ? line[1..] : line;
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Imap.Reading;

/// <summary>
/// Reads the rest of a command whose first line has been read: while a line ends with a literal's announcement,
/// <c>{n}</c> (RFC 3501 section 4.3, answered with a <c>+</c> continuation request) or <c>{n+}</c> (LITERAL+, RFC
/// 7888, sent without waiting), reads its n octets and the line after them. A command's lines together may hold
/// at most <c>imapMaxLineBytes</c>, its literals together at most <c>imapMaxLiteralBytes</c>.
/// </summary>
internal sealed partial class ImapCommandReader(LineConnection connection, int maxLineBytes, int maxLiteralBytes)
{
    /// <summary>The continuation request a synchronizing literal waits for (RFC 3501 section 7.5).</summary>
    public const string GoAhead = "+ Ready for literal data";

    /// <summary>Reads the whole command that begins with <paramref name="firstLine"/> (without its CRLF).</summary>
    public async Task<ImapCommandRead> ReadAsync(byte[] firstLine)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        var command = new List<byte>(firstLine);
        var lineBudget = maxLineBytes - firstLine.Length - 2;
        var literalBudget = (long)maxLiteralBytes;
        var line = firstLine;
        while (Announced(line) is { } literal)
        {
            if (literal.Count > literalBudget)
            {
                var reason = string.Create(CultureInfo.InvariantCulture, $"literal too large: at most {maxLiteralBytes} octets per command");
                return new ImapCommandRead(literal.Synchronizing ? ImapReadStatus.Refused : ImapReadStatus.Fatal, [], reason, LineStatus.Line);
            }

            literalBudget -= literal.Count;
            if (literal.Synchronizing)
            {
                await connection.WriteLineAsync(GoAhead).ConfigureAwait(false);
            }

            var octets = await connection.ReadBytesAsync((int)literal.Count).ConfigureAwait(false);
            if (octets.Status != LineStatus.Line)
            {
                return new ImapCommandRead(ImapReadStatus.Ended, [], string.Empty, octets.Status);
            }

            var next = await connection.ReadLineAsync(Math.Max(lineBudget, 2)).ConfigureAwait(false);
            switch (next.Status)
            {
                case LineStatus.Line:
                    break;
                case LineStatus.TooLong:
                    return new ImapCommandRead(ImapReadStatus.Refused, [], "command line too long", LineStatus.Line);
                default:
                    return new ImapCommandRead(ImapReadStatus.Ended, [], string.Empty, next.Status);
            }

            command.AddRange("\r\n"u8);
            command.AddRange(octets.Bytes);
            command.AddRange(next.Bytes);
            lineBudget -= next.Bytes.Length + 2;
            line = next.Bytes;
        }

        return new ImapCommandRead(ImapReadStatus.Command, [.. command], string.Empty, LineStatus.Line);
    }

    /// <summary>The tag of a command, for a tagged reply to one that could not be read; <c>*</c> when it has none.</summary>
    public static string TagOf(byte[] line)
    {
        var end = Array.IndexOf(line, (byte)' ');
        var tag = end < 0 ? line : line[..end];
        return tag.Length > 0 && tag.Length <= 64 && tag.All(c => Syntax.ImapParser.IsAStringChar(c) && c != (byte)'+') ? Encoding.ASCII.GetString(tag) : "*";
    }

    private static (long Count, bool Synchronizing)? Announced(byte[] line)
    {
        var match = LiteralAtEnd().Match(Encoding.ASCII.GetString(line, Math.Max(0, line.Length - 16), Math.Min(16, line.Length)));
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? (count, match.Groups[2].Length == 0)
            : null;
    }

    [GeneratedRegex(@"\{([0-9]{1,12})(\+?)\}$")]
    private static partial Regex LiteralAtEnd();
}

using System.Text;
using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Rfc5322;

/// <summary>
/// Serves a Maildriver letter as a well-formed RFC 5322 message with a MIME text body: Date (when the origin machine
/// accepted it), From, To, Subject, Message-ID (<c>&lt;letter id@mail domain&gt;</c>), MIME-Version, and
/// <c>text/plain; charset=utf-8</c>. The body goes as 8bit when every line fits RFC 5322's 998 octets and it has
/// no NUL, else as quoted-printable, so any letter the CLI accepted is still a valid message.
/// </summary>
public static class MessageFormatter
{
    private const int MaxLineOctets = 998;
    private const int FoldAt = 78;

    /// <summary>Formats <paramref name="letter"/> (its body must be present) with addresses in <paramref name="mailbox"/>'s domain.</summary>
    public static FormattedMessage Format(LetterView letter, LocalMailbox mailbox)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(mailbox);
        var body = Encoding.UTF8.GetBytes(LineEnds.ToCrlf(letter.Body ?? string.Empty));
        if (body.Length > 0 && body[^1] != (byte)'\n')
        {
            body = [.. body, (byte)'\r', (byte)'\n'];
        }

        var eightBit = FitsEightBit(body);
        var header = new StringBuilder();
        Field(header, "Date", Rfc5322Date.Format(letter.SentAt));
        Field(header, "From", mailbox.AddressOf(letter.From));
        Field(header, "To", letter.To.Count == 0 ? "undisclosed-recipients:;" : AddressList(letter.To.Select(mailbox.AddressOf)));
        Field(header, "Subject", SubjectValue(letter.Subject ?? string.Empty));
        Field(header, "Message-ID", $"<{MessageIdLocalPart(letter.Id)}@{mailbox.Domain}>");
        Field(header, "MIME-Version", "1.0");
        Field(header, "Content-Type", "text/plain; charset=utf-8");
        Field(header, "Content-Transfer-Encoding", eightBit ? "8bit" : "quoted-printable");
        header.Append("\r\n");

        var head = Encoding.UTF8.GetBytes(header.ToString());
        var encoded = eightBit ? body : Encoding.ASCII.GetBytes(QuotedPrintable.Encode(body));
        return new FormattedMessage([.. head, .. encoded], head.Length);
    }

    private static void Field(StringBuilder header, string name, string value) => header.Append(name).Append(": ").Append(value).Append("\r\n");

    // Plain when it is short printable ASCII that cannot be mistaken for an encoded-word; else RFC 2047.
    private static string SubjectValue(string subject)
        => subject.Length <= FoldAt - "Subject: ".Length && subject.All(c => c is >= ' ' and <= '~') && !subject.Contains("=?", StringComparison.Ordinal)
            ? subject
            : EncodedWords.Encode(subject);

    // Comma-separated, folded before an address that would run past 78 characters.
    private static string AddressList(IEnumerable<string> addresses)
    {
        var output = new StringBuilder();
        var column = "To: ".Length;
        foreach (var address in addresses)
        {
            if (output.Length > 0)
            {
                output.Append(',');
                column++;
                if (column + 1 + address.Length > FoldAt)
                {
                    output.Append("\r\n");
                    column = 0;
                }

                output.Append(' ');
                column++;
            }

            output.Append(address);
            column += address.Length;
        }

        return output.ToString();
    }

    // Letter ids are "<machine>.<microseconds>"; a machine name may hold characters a msg-id may not.
    private static string MessageIdLocalPart(string id)
        => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c, StringComparison.Ordinal) ? c : '-'));

    private static bool FitsEightBit(ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            var lf = body.IndexOf((byte)'\n');
            var line = lf < 0 ? body : body[..(lf + 1)];
            if (line.TrimEnd("\r\n"u8).Length > MaxLineOctets || line.Contains((byte)0))
            {
                return false;
            }

            body = body[line.Length..];
        }

        return true;
    }
}

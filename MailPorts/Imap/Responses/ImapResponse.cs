using System.Buffers;
using System.Globalization;
using System.Text;

namespace Maildriver.MailPorts.Imap.Responses;

/// <summary>
/// Builds server responses as octets (RFC 3501 section 7): text, numbers, strings as quoted strings when they can
/// be and literals when not (RFC 3501 section 4.3), <c>NIL</c> for an absent string.
/// </summary>
internal sealed class ImapResponse
{
    private const int LongestQuoted = 1000;
    private readonly ArrayBufferWriter<byte> _bytes = new(256);

    /// <summary>The octets so far.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes.WrittenMemory;

    /// <summary>Appends text that is already protocol syntax (ASCII).</summary>
    public ImapResponse Text(string text)
    {
        _bytes.Write(Encoding.ASCII.GetBytes(text));
        return this;
    }

    /// <summary>Appends octets that are already a response's, e.g. an ENVELOPE rendered before (literals included).</summary>
    public ImapResponse Raw(ReadOnlySpan<byte> octets)
    {
        _bytes.Write(octets);
        return this;
    }

    /// <summary>Appends a number.</summary>
    public ImapResponse Number(long value) => Text(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Appends CRLF.</summary>
    public ImapResponse Line() => Text("\r\n");

    /// <summary>Appends a string, or <c>NIL</c> for null (<c>nstring</c>).</summary>
    public ImapResponse NString(string? value) => value is null ? Text("NIL") : String(value);

    /// <summary>Appends a string: quoted when it is short printable ASCII, else a literal of its UTF-8 octets.</summary>
    public ImapResponse String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= LongestQuoted && value.All(c => c is >= ' ' and < '\x7f'))
        {
            var quoted = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                quoted.Append(c is '"' or '\\' ? "\\" : string.Empty).Append(c);
            }

            return Text(quoted.Append('"').ToString());
        }

        return Literal(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Appends a literal: <c>{n}</c>, CRLF and the octets as they are.</summary>
    public ImapResponse Literal(ReadOnlySpan<byte> octets)
    {
        Text(string.Create(CultureInfo.InvariantCulture, $"{{{octets.Length}}}\r\n"));
        _bytes.Write(octets);
        return this;
    }
}

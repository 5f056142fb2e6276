using System.Text;
using Maildriver.Grains.Mime;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// Cuts a body section out of a stored message's octets (RFC 3501 section 6.4.5), without parsing or changing
/// them: what a client fetches is exactly what was stored.
/// </summary>
internal static class MessageSections
{
    /// <summary>
    /// The octets <paramref name="section"/> names in <paramref name="message"/>: for the message itself, or for one
    /// of its parts (its body, its MIME header, or, for a message/rfc822 part, the header or text of its message).
    /// A part number that names no part gives nothing (RFC 3501 section 6.4.5 lets a server answer so).
    /// </summary>
    public static byte[] Of(byte[] message, BodySection section)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(section);
        if (section.Part.Count == 0)
        {
            return OfMessage(message, section);
        }

        var map = MimeMap.Parse(message);
        if (map.Find(section.Part) is not { } entity)
        {
            return [];
        }

        return section.Kind switch
        {
            SectionKind.All => map.BodyOf(entity),
            SectionKind.Mime => map.HeaderOf(entity),

            // HEADER, TEXT and HEADER.FIELDS of a part are those of the message a message/rfc822 part holds.
            _ when entity is MimeKit.MessagePart => OfMessage(map.BodyOf(entity), section),
            _ => [],
        };
    }

    private static byte[] OfMessage(byte[] message, BodySection section)
    {
        var headerLength = MessageHeader.Length(message);
        return section.Kind switch
        {
            SectionKind.Header => message[..headerLength],
            SectionKind.Text => message[headerLength..],
            SectionKind.HeaderFields => Fields(message.AsSpan(0, headerLength), section.Fields, keep: true),
            SectionKind.HeaderFieldsNot => Fields(message.AsSpan(0, headerLength), section.Fields, keep: false),
            _ => message,
        };
    }

    /// <summary>
    /// The octets a partial fetch (<c>&lt;start.count&gt;</c>) takes of <paramref name="octets"/>: a start beyond
    /// the end gives nothing (RFC 3501 section 6.4.5: "a zero-length string").
    /// </summary>
    public static ReadOnlySpan<byte> Partial(byte[] octets, long? start, long count)
    {
        ArgumentNullException.ThrowIfNull(octets);
        if (start is not { } from)
        {
            return octets;
        }

        return from >= octets.Length ? [] : octets.AsSpan((int)from, (int)Math.Min(count, octets.Length - from));
    }

    // The header fields (each with its folded lines) whose names are (keep) or are not (!keep) among names, in
    // their order, then the empty line, which RFC 3501 counts as part of a HEADER.FIELDS section.
    private static byte[] Fields(ReadOnlySpan<byte> header, IReadOnlyList<string> names, bool keep)
    {
        var wanted = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var output = new List<byte>(header.Length);
        var fields = new HeaderFieldReader(header);
        while (fields.Next(out var name, out _, out var field))
        {
            if (!name.IsEmpty && wanted.Contains(Encoding.ASCII.GetString(name)) == keep)
            {
                output.AddRange(field);
            }
        }

        output.AddRange("\r\n"u8);
        return [.. output];
    }
}

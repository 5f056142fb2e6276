using System.Text;

namespace Maildriver.MailPorts.Rfc5322;

/// <summary>
/// The header section of a message or of a MIME part (RFC 5322 section 2.2), and where the body begins. Headers
/// are read as UTF-8 (RFC 6532 allows it; plain ASCII is a subset).
/// </summary>
public sealed class HeaderSection
{
    private HeaderSection(IReadOnlyList<HeaderField> fields, int bodyOffset)
    {
        Fields = fields;
        BodyOffset = bodyOffset;
    }

    /// <summary>The fields in the order they appear.</summary>
    public IReadOnlyList<HeaderField> Fields { get; }

    /// <summary>Where the body starts in the parsed bytes (after the empty line), or 0 when there is no header section.</summary>
    public int BodyOffset { get; }

    /// <summary>
    /// Reads the header section at the start of <paramref name="message"/> (lines ending in CRLF or LF). Text whose
    /// first lines are not header fields, such as a bare letter uploaded without headers, has none: it is all body.
    /// </summary>
    public static HeaderSection Parse(ReadOnlySpan<byte> message)
    {
        var fields = new List<(string Name, StringBuilder Value)>();
        var position = 0;
        while (position < message.Length)
        {
            var rest = message[position..];
            var lf = rest.IndexOf((byte)'\n');
            var lineWithEnd = lf < 0 ? rest : rest[..(lf + 1)];
            var line = TrimLineEnd(lineWithEnd);
            if (line.IsEmpty)
            {
                return new HeaderSection(Build(fields), position + lineWithEnd.Length);
            }

            if (line[0] is (byte)' ' or (byte)'\t' && fields.Count > 0)
            {
                // A folded continuation: unfolding removes the line break, not the white space.
                fields[^1].Value.Append(Encoding.UTF8.GetString(line));
            }
            else if (FieldNameLength(line) is > 0 and var nameLength)
            {
                var name = Encoding.ASCII.GetString(line[..nameLength]).TrimEnd();
                fields.Add((name, new StringBuilder(Encoding.UTF8.GetString(line[(nameLength + 1)..]))));
            }
            else
            {
                return new HeaderSection([], 0);
            }

            position += lineWithEnd.Length;
        }

        // Headers and no body at all.
        return new HeaderSection(Build(fields), message.Length);
    }

    /// <summary>The value of the first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? this[string name] => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    private static List<HeaderField> Build(List<(string Name, StringBuilder Value)> fields)
        => fields.Select(f => new HeaderField(f.Name, f.Value.ToString().Trim())).ToList();

    private static ReadOnlySpan<byte> TrimLineEnd(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\n')
        {
            line = line[..^1];
        }

        return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
    }

    // RFC 5322 field names are printable ASCII other than ":" (some writers put spaces before the colon: tolerated).
    private static int FieldNameLength(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return 0;
        }

        var name = line[..colon].TrimEnd((byte)' ');
        foreach (var b in name)
        {
            if (b is < 33 or > 126)
            {
                return 0;
            }
        }

        return name.IsEmpty ? 0 : colon;
    }
}

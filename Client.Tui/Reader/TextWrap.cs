using System.Text;

namespace Maildriver.Client.Reader;

/// <summary>Breaks text into rows of a given width in cells.</summary>
internal static class TextWrap
{
    private const int TabStop = 8;

    /// <summary>
    /// Word wrap for reading: each line of the text becomes one or more rows, broken at spaces where it can and
    /// inside a word only when the word alone is wider than a row. Tabs go to the next stop of 8.
    /// </summary>
    public static IReadOnlyList<string> Words(string text, int width)
    {
        var rows = new List<string>();
        width = Math.Max(1, width);
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = Cells.Clean(ExpandTabs(raw.TrimEnd('\r')));
            if (Cells.Width(line) <= width)
            {
                rows.Add(line);
                continue;
            }

            var row = new StringBuilder();
            var rowWidth = 0;
            foreach (var token in Tokens(line))
            {
                var tokenWidth = Cells.Width(token);
                if (rowWidth + tokenWidth <= width)
                {
                    row.Append(token);
                    rowWidth += tokenWidth;
                    continue;
                }

                if (token[0] == ' ')
                {
                    // Spaces where a row breaks are dropped, as every reader of mail does.
                    rows.Add(row.ToString().TrimEnd(' '));
                    row.Clear();
                    rowWidth = 0;
                    continue;
                }

                if (rowWidth > 0)
                {
                    rows.Add(row.ToString().TrimEnd(' '));
                    row.Clear();
                    rowWidth = 0;
                }

                var rest = token;
                while (Cells.Width(rest) > width)
                {
                    var piece = Cells.Take(rest, width);
                    if (piece.Length == 0)
                    {
                        // Narrower than one wide character: give it a row anyway rather than loop.
                        piece = rest[..Math.Max(1, Cells.Elements(rest).First().Element.Length)];
                    }

                    rows.Add(piece);
                    rest = rest[piece.Length..];
                }

                row.Append(rest);
                rowWidth = Cells.Width(rest);
            }

            if (rowWidth > 0 || row.Length > 0)
            {
                rows.Add(row.ToString());
            }
        }

        return rows;
    }

    /// <summary>
    /// Character wrap for editing: rows of at most <paramref name="width"/> cells, each with the index in
    /// <paramref name="text"/> where it starts, so a cursor can be placed. A full row at the end of a line is followed
    /// by an empty one, where the cursor goes after its last character.
    /// </summary>
    public static IReadOnlyList<(string Text, int Start)> Characters(string text, int width)
    {
        width = Math.Max(1, width);
        var rows = new List<(string, int)>();
        var lineStart = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = Cells.Clean(raw);
            var rowStart = 0;
            var rowWidth = 0;
            var offset = 0;
            foreach (var (element, w) in Cells.Elements(line))
            {
                if (rowWidth + w > width)
                {
                    rows.Add((line[rowStart..offset], lineStart + rowStart));
                    rowStart = offset;
                    rowWidth = 0;
                }

                rowWidth += w;
                offset += element.Length;
            }

            rows.Add((line[rowStart..], lineStart + rowStart));
            if (rowWidth >= width)
            {
                rows.Add((string.Empty, lineStart + line.Length));
            }

            lineStart += raw.Length + 1;
        }

        return rows;
    }

    /// <summary>Where the cursor at <paramref name="cursor"/> falls in rows made by <see cref="Characters"/>.</summary>
    public static (int Row, int Column) Locate(IReadOnlyList<(string Text, int Start)> rows, int cursor)
    {
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            if (rows[i].Start <= cursor)
            {
                var within = Math.Min(cursor - rows[i].Start, rows[i].Text.Length);
                return (i, Cells.Width(rows[i].Text[..within]));
            }
        }

        return (0, 0);
    }

    private static string ExpandTabs(string line)
    {
        if (!line.Contains('\t', StringComparison.Ordinal))
        {
            return line;
        }

        var sb = new StringBuilder();
        foreach (var c in line)
        {
            if (c == '\t')
            {
                sb.Append(' ', TabStop - (sb.Length % TabStop));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    // Runs of spaces and runs of anything else, in order.
    private static IEnumerable<string> Tokens(string line)
    {
        var start = 0;
        for (var i = 1; i <= line.Length; i++)
        {
            if (i == line.Length || (line[i] == ' ') != (line[i - 1] == ' '))
            {
                yield return line[start..i];
                start = i;
            }
        }
    }
}

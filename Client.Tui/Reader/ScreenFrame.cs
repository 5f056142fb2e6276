using System.Text;

namespace Maildriver.Client.Reader;

/// <summary>How a stretch of text is drawn; <c>Tui.SpanColours</c> says how it looks.</summary>
internal enum SpanStyle
{
    Normal,

    /// <summary>The hint line and the status line.</summary>
    Bar,

    /// <summary>The row under the cursor.</summary>
    Selected,

    /// <summary>An unread letter.</summary>
    Unread,

    /// <summary>Something that is going away (a letter being deleted) or is less important.</summary>
    Dim,

    Error,

    /// <summary>The MAIL light.</summary>
    Mail,

    /// <summary>Letter headers and headings.</summary>
    Header,
}

/// <summary>A stretch of clean text in one style.</summary>
internal readonly record struct Span(string Text, SpanStyle Style);

/// <summary>One row of the screen: spans that together are exactly the screen's width.</summary>
internal sealed record StyledLine(IReadOnlyList<Span> Spans)
{
    public string Text => string.Concat(Spans.Select(s => s.Text));

    public bool SameAs(StyledLine other) => Spans.SequenceEqual(other.Spans);
}

/// <summary>
/// One whole screen, drawn off-screen: every row exactly as wide as the terminal, and where the terminal's cursor
/// goes (null: hidden). The terminal gets it in one write.
/// </summary>
/// <param name="Size">The size it was drawn for.</param>
/// <param name="Rows">Exactly <c>Size.Height</c> rows.</param>
/// <param name="Cursor">Row and column of a visible cursor (while typing), or null.</param>
internal sealed record ScreenFrame(TerminalSize Size, IReadOnlyList<StyledLine> Rows, (int Row, int Column)? Cursor)
{
    /// <summary>The rows as plain text, trailing spaces trimmed, one per line: what a snapshot compares.</summary>
    public string ToPlainText()
    {
        var sb = new StringBuilder();
        foreach (var row in Rows)
        {
            sb.Append(row.Text.TrimEnd()).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The text of row <paramref name="index"/>, trailing spaces trimmed.</summary>
    public string Row(int index) => Rows[index].Text.TrimEnd();

    public bool SameAs(ScreenFrame? other)
        => other is not null && other.Size == Size && other.Cursor == Cursor && other.Rows.Count == Rows.Count
           && Rows.Zip(other.Rows).All(p => p.First.SameAs(p.Second));
}

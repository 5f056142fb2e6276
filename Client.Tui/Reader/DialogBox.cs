namespace Maildriver.Client.Reader;

/// <summary>
/// A bordered dialog drawn into the frame (box-drawing lines, a title in the top edge and the keys in the bottom one),
/// from the row under the hint line to the row above the status line: the frame is redrawn for every size, so the
/// dialog follows a resize as the rest of the screen does.
/// </summary>
internal sealed class DialogBox
{
    private readonly FrameBuilder _frame;

    private DialogBox(FrameBuilder frame, int top, int bottom)
    {
        (_frame, Top, Bottom) = (frame, top, bottom);
    }

    /// <summary>The first row inside the border.</summary>
    public int Top { get; }

    /// <summary>The last row inside the border.</summary>
    public int Bottom { get; }

    /// <summary>The cells inside the border on each row.</summary>
    public int InnerWidth => Math.Max(0, _frame.Width - 2);

    /// <summary>The screen column of the first cell inside the border.</summary>
    public static int Left => 1;

    /// <summary>Draws the border between the hint line and the status line; returns the box to fill.</summary>
    public static DialogBox Open(FrameBuilder frame, string title, string keys)
    {
        var (top, bottom) = (1, frame.Size.Height - 3);
        frame.Put(top, Edge(frame.Width, '┌', '┐', title));
        frame.Put(bottom, Edge(frame.Width, '└', '┘', keys));
        var box = new DialogBox(frame, top + 1, bottom - 1);
        for (var row = box.Top; row <= box.Bottom; row++)
        {
            box.Put(row, LineBuilder.Blank(box.InnerWidth));
        }

        return box;
    }

    /// <summary>Puts <paramref name="inner"/> (exactly <see cref="InnerWidth"/> wide) on a row inside the border.</summary>
    public void Put(int row, StyledLine inner)
        => _frame.Put(row, new StyledLine([new Span("│", SpanStyle.Dim), .. inner.Spans, new Span("│", SpanStyle.Dim)]));

    /// <summary>A rule across the box that joins its sides (├── Body ──┤).</summary>
    public void Rule(int row, string label, SpanStyle style)
    {
        var line = new LineBuilder(Math.Max(0, _frame.Width - 1)).Add("├─", SpanStyle.Dim).Fit($" {label} ", style).Fill(SpanStyle.Dim, '─').Build();
        _frame.Put(row, new StyledLine([.. line.Spans, new Span("┤", SpanStyle.Dim)]));
    }

    private static StyledLine Edge(int width, char left, char right, string text)
    {
        var line = new LineBuilder(Math.Max(0, width - 1)).Add($"{left}─", SpanStyle.Dim).Fit($" {text} ", SpanStyle.Header).Fill(SpanStyle.Dim, '─').Build();
        return new StyledLine([.. line.Spans, new Span(right.ToString(), SpanStyle.Dim)]);
    }
}

namespace Maildriver.Client.Reader;

/// <summary>Builds a <see cref="StyledLine"/> of exactly a given width from pieces of text.</summary>
internal sealed class LineBuilder(int width)
{
    private readonly List<Span> _spans = [];
    private int _used;

    /// <summary>Cells left on the line.</summary>
    public int Remaining => width - _used;

    /// <summary>Adds text, cleaned of control characters and cut (without a mark) where the line ends.</summary>
    public LineBuilder Add(string text, SpanStyle style = SpanStyle.Normal)
    {
        var piece = Cells.Take(Cells.Clean(text), Remaining);
        if (piece.Length > 0)
        {
            _spans.Add(new Span(piece, style));
            _used += Cells.Width(piece);
        }

        return this;
    }

    /// <summary>Adds text in a column of exactly <paramref name="cells"/>: cut with "…" or padded.</summary>
    public LineBuilder Column(string text, int cells, SpanStyle style = SpanStyle.Normal)
        => Add(Cells.Pad(Cells.Fit(Cells.Clean(text), cells), cells), style);

    /// <summary>Adds text cut with "…" if it does not fit in what is left.</summary>
    public LineBuilder Fit(string text, SpanStyle style = SpanStyle.Normal) => Add(Cells.Fit(Cells.Clean(text), Remaining), style);

    /// <summary>Fills the rest of the line with <paramref name="fill"/> in <paramref name="style"/>.</summary>
    public LineBuilder Fill(SpanStyle style = SpanStyle.Normal, char fill = ' ')
        => Remaining > 0 ? Add(new string(fill, Remaining), style) : this;

    public StyledLine Build()
    {
        Fill();
        return new StyledLine(_spans.ToList());
    }

    public static StyledLine Blank(int width) => new LineBuilder(width).Build();

    public static StyledLine Of(int width, string text, SpanStyle style = SpanStyle.Normal, SpanStyle fill = SpanStyle.Normal)
        => new LineBuilder(width).Fit(text, style).Fill(fill).Build();
}

using Terminal.Gui.ViewBase;

namespace Maildriver.Client.Reader.Tui;

/// <summary>
/// A strip of the screen drawn from rows of a <see cref="ScreenFrame"/>: the hint line, the status line, the message
/// line, the reading pane, and the forms (login, writing, review, help). The rows are already clean text exactly as
/// wide as the terminal (control characters made visible by <see cref="Cells"/>), so nothing a letter contains can
/// reach the terminal as a command.
/// </summary>
internal sealed class StyledRows : View
{
    private IReadOnlyList<StyledLine> _rows = [];

    public StyledRows()
    {
        CanFocus = false;
    }

    /// <summary>Shows <paramref name="count"/> rows of <paramref name="frame"/> from <paramref name="first"/>.</summary>
    public void Show(ScreenFrame frame, int first, int count)
    {
        var rows = frame.Rows.Skip(Math.Max(0, first)).Take(Math.Max(0, count)).ToList();
        if (rows.Count == _rows.Count && rows.Zip(_rows).All(p => p.First.SameAs(p.Second)))
        {
            return;
        }

        _rows = rows;
        SetNeedsDraw();
    }

    /// <inheritdoc />
    protected override bool OnDrawingContent(DrawContext? context)
    {
        for (var row = 0; row < _rows.Count && row < Viewport.Height; row++)
        {
            Paint(this, _rows[row], 0, row, Viewport.Width);
        }

        return true;
    }

    /// <summary>Writes one row's spans at (<paramref name="column"/>, <paramref name="row"/>) of <paramref name="view"/>.</summary>
    public static void Paint(View view, StyledLine line, int column, int row, int width)
    {
        view.Move(column, row);
        var used = 0;
        foreach (var span in line.Spans)
        {
            if (used >= width)
            {
                break;
            }

            var text = Cells.Take(span.Text, width - used);
            view.SetAttribute(SpanColours.For(span.Style));
            view.AddStr(text);
            used += Cells.Width(text);
        }

        if (used < width)
        {
            view.SetAttribute(SpanColours.For(SpanStyle.Normal));
            view.AddStr(new string(' ', width - used));
        }
    }
}

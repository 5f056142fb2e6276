namespace Maildriver.Client.Reader;

/// <summary>
/// Where things go on the list and pager screens, for one terminal size. The update uses it for page sizes and
/// the view for drawing, so a page down moves exactly one drawn page.
/// </summary>
/// <remarks>
/// Row 0 is the key hints; the last two rows are the status line and the message line. Between them the list, and
/// when a letter is open, a separator and the reading pane below a third of the space. On a terminal too short
/// for both, whichever has the keys gets all of it.
/// </remarks>
internal sealed record ReaderLayout(int ListTop, int ListRows, int SeparatorRow, int PaneTop, int PaneRows, int StatusRow, int MessageRow)
{
    /// <summary>The smallest terminal the reader draws in; anything smaller shows only a note.</summary>
    public static TerminalSize Minimum { get; } = new(20, 8);

    private const int SplitBelow = 8;

    public static ReaderLayout For(ReaderState state)
        => For(state.Size, state.OpenLetter is not null, state.Screen == Screen.Pager);

    public static ReaderLayout For(TerminalSize size, bool paneOpen, bool pagerHasKeys)
    {
        var height = Math.Max(size.Height, Minimum.Height);
        var body = height - 3;
        var status = height - 2;
        var message = height - 1;
        if (!paneOpen)
        {
            return new(1, body, -1, -1, 0, status, message);
        }

        if (body < SplitBelow)
        {
            return pagerHasKeys
                ? new(1, 0, -1, 1, body, status, message)
                : new(1, body, -1, -1, 0, status, message);
        }

        var list = body / 3;
        return new(1, list, 1 + list, 2 + list, body - list - 1, status, message);
    }
}

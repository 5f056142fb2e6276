namespace Maildriver.Client.Reader;

/// <summary>A one-line field shown in a fixed number of cells, scrolled sideways so the cursor is always in view.</summary>
internal static class FieldWindow
{
    /// <summary>The visible part of the field and the cursor's column within it.</summary>
    public static (string Text, int CursorColumn) Show(TextField field, int cells, bool masked = false)
    {
        cells = Math.Max(1, cells);
        var text = masked ? new string('*', field.Text.Length) : Cells.Clean(field.Text);
        var cursor = Math.Min(field.Cursor, text.Length);
        var before = text[..cursor];
        var beforeWidth = Cells.Width(before);

        // Keep the cursor on the last column when the text before it is wider than the field.
        var start = 0;
        while (beforeWidth - Cells.Width(text[..start]) > cells - 1 && start < cursor)
        {
            start += char.IsHighSurrogate(text[start]) && start + 1 < cursor ? 2 : 1;
        }

        var visible = Cells.Take(text[start..], cells);
        return (visible, beforeWidth - Cells.Width(text[..start]));
    }
}

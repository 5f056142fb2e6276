namespace Maildriver.Client.Reader;

/// <summary>Writing a letter: the to and subject fields, then the body, with the terminal's cursor where typing goes.</summary>
internal static class ComposeView
{
    private const int LabelWidth = 11;

    public static void Draw(ReaderState s, FrameBuilder frame)
    {
        if (s.Draft is not { } draft)
        {
            return;
        }

        Field(frame, 1, "To:", draft.To, draft.Focus == DraftField.To);
        Field(frame, 2, "Subject:", draft.Subject, draft.Focus == DraftField.Subject);
        var bodyStyle = draft.Focus == DraftField.Body ? SpanStyle.Header : SpanStyle.Dim;
        frame.Put(3, new LineBuilder(frame.Width).Add("── Body (C-e: $EDITOR, Esc: review) ", bodyStyle).Fill(bodyStyle, '─').Build());

        var top = 4;
        var rows = frame.Size.Height - 2 - top;
        var wrapped = TextWrap.Characters(draft.Body.Text, frame.Width - 1);
        var (cursorRow, cursorColumn) = TextWrap.Locate(wrapped, draft.Body.Cursor);

        // Whole pages, like the list: the page holding the cursor.
        var first = rows > 0 ? cursorRow - (cursorRow % rows) : 0;
        for (var i = 0; i < rows && first + i < wrapped.Count; i++)
        {
            frame.Put(top + i, LineBuilder.Of(frame.Width, wrapped[first + i].Text));
        }

        if (draft.Focus == DraftField.Body && rows > 0)
        {
            frame.Cursor = (top + cursorRow - first, cursorColumn);
        }
    }

    private static void Field(FrameBuilder frame, int row, string label, TextField field, bool focused)
    {
        var prefix = (focused ? "> " : "  ") + label.PadRight(LabelWidth - 2);
        var (text, column) = FieldWindow.Show(field, frame.Width - LabelWidth - 1);
        frame.Put(row, new LineBuilder(frame.Width).Add(prefix, focused ? SpanStyle.Header : SpanStyle.Normal).Add(text).Build());
        if (focused)
        {
            frame.Cursor = (row, LabelWidth + column);
        }
    }
}

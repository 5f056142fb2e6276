namespace Maildriver.Client.Reader;

/// <summary>
/// Writing a letter, in a bordered dialog: the To and Subject fields, then the multi-line body under a rule, the keys
/// in the bottom edge, and the terminal's cursor where typing goes.
/// </summary>
internal static class ComposeView
{
    private const int LabelWidth = 11;

    public static void Draw(ReaderState s, FrameBuilder frame)
    {
        if (s.Draft is not { } draft)
        {
            return;
        }

        var box = DialogBox.Open(frame, "New letter", "C-e: $EDITOR  Tab: next field  Esc: review");
        Field(box, frame, box.Top, "To:", draft.To, draft.Focus == DraftField.To);
        Field(box, frame, box.Top + 1, "Subject:", draft.Subject, draft.Focus == DraftField.Subject);
        box.Rule(box.Top + 2, "Body", draft.Focus == DraftField.Body ? SpanStyle.Header : SpanStyle.Dim);

        var top = box.Top + 3;
        var rows = box.Bottom - top + 1;
        // One cell kept free on the right: the cursor after a full line's last character stays inside the box.
        var wrapped = TextWrap.Characters(draft.Body.Text, Math.Max(1, box.InnerWidth - 1));
        var (cursorRow, cursorColumn) = TextWrap.Locate(wrapped, draft.Body.Cursor);

        // Whole pages, like the list: the page holding the cursor.
        var first = rows > 0 ? cursorRow - (cursorRow % rows) : 0;
        for (var i = 0; i < rows && first + i < wrapped.Count; i++)
        {
            box.Put(top + i, LineBuilder.Of(box.InnerWidth, wrapped[first + i].Text));
        }

        if (draft.Focus == DraftField.Body && rows > 0)
        {
            frame.Cursor = (top + cursorRow - first, DialogBox.Left + cursorColumn);
        }
    }

    private static void Field(DialogBox box, FrameBuilder frame, int row, string label, TextField field, bool focused)
    {
        var prefix = (focused ? "> " : "  ") + label.PadRight(LabelWidth - 2);
        var (text, column) = FieldWindow.Show(field, box.InnerWidth - LabelWidth - 1);
        box.Put(row, new LineBuilder(box.InnerWidth).Add(prefix, focused ? SpanStyle.Header : SpanStyle.Normal).Add(text).Build());
        if (focused)
        {
            frame.Cursor = (row, DialogBox.Left + LabelWidth + column);
        }
    }
}

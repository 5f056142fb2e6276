namespace Maildriver.Client.Reader;

/// <summary>The rows every screen shares: the key hints at the top, the status line and the message line at the bottom.</summary>
internal static class Chrome
{
    public static StyledLine Hints(ReaderState s, int width)
    {
        const string Gap = "  ";
        var hints = ReaderKeyMap.Hints(s.Screen);
        var last = hints[^1];
        var line = new LineBuilder(width).Add(" ", SpanStyle.Bar);
        var room = width - 1 - Cells.Width(last);
        var shown = new List<string>();
        foreach (var hint in hints.Take(hints.Count - 1))
        {
            if (Cells.Width(string.Join(Gap, [.. shown, hint])) + Gap.Length > room)
            {
                break;
            }

            shown.Add(hint);
        }

        shown.Add(last);
        return line.Fit(string.Join(Gap, shown), SpanStyle.Bar).Fill(SpanStyle.Bar).Build();
    }

    /// <summary>
    /// The bottom line: a question being asked, else the send in progress, else the last message. Returns the column
    /// of the cursor when a prompt is being typed.
    /// </summary>
    public static (StyledLine Line, int? CursorColumn) Message(ReaderState s, int width)
    {
        switch (s.Prompt)
        {
            case Prompt.ConfirmDelete ask:
                return (LineBuilder.Of(width, ask.Question), null);
            case Prompt.ConfirmAbandon:
                return (LineBuilder.Of(width, "Abandon this letter? (y/n)"), null);
            case Prompt.SaveAttachment save:
                return Field(width, "Save attachment (number file): ", save.Answer);
            case Prompt.Search search:
                var label = "Search: ";
                var (text, column) = FieldWindow.Show(search.Query, width - label.Length - 1);
                return (new LineBuilder(width).Add(label).Add(text).Build(), label.Length + column);
        }

        if (s.Screen == Screen.Sending && s.Draft is { } draft)
        {
            var seconds = s.SendingSince is { } since ? Math.Max(0, (int)(s.Now - since).TotalSeconds) : 0;
            var attempt = draft.Attempts > 1 ? $", attempt {draft.Attempts}" : string.Empty;
            return (LineBuilder.Of(width, $"Sending \"{draft.Subject.Text}\" to {string.Join(", ", draft.Recipients)}… {seconds} s{attempt}"), null);
        }

        if (s.Flash is { } flash)
        {
            return (LineBuilder.Of(width, flash.Text, flash.IsError ? SpanStyle.Error : SpanStyle.Normal), null);
        }

        if (s.Screen == Screen.Login && s.Login.Busy)
        {
            return (LineBuilder.Of(width, "Logging in…"), null);
        }

        if (s.Screen == Screen.Review)
        {
            return (LineBuilder.Of(width, "Review the letter: y sends it, q abandons it."), null);
        }

        return (LineBuilder.Blank(width), null);
    }

    private static (StyledLine Line, int? CursorColumn) Field(int width, string label, TextField field)
    {
        var (text, column) = FieldWindow.Show(field, width - label.Length - 1);
        return (new LineBuilder(width).Add(label).Add(text).Build(), label.Length + column);
    }
}

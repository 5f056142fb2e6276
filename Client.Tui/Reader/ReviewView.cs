namespace Maildriver.Client.Reader;

/// <summary>The letter as it will go (and while it goes): recipients, subject, and as much of the body as fits.</summary>
internal static class ReviewView
{
    public static void Draw(ReaderState s, FrameBuilder frame)
    {
        if (s.Draft is not { } draft)
        {
            return;
        }

        var to = draft.Recipients.Count == 0 ? "(nobody yet)" : string.Join(", ", draft.Recipients);
        frame.Put(1, new LineBuilder(frame.Width).Add("  To:      ", SpanStyle.Header).Fit(to).Build());
        frame.Put(2, new LineBuilder(frame.Width).Add("  Subject: ", SpanStyle.Header).Fit(draft.Subject.Text).Build());

        var body = TextWrap.Words(draft.Body.Text.TrimEnd('\n'), frame.Width);
        var lineCount = draft.Body.Text.Length == 0 ? 0 : draft.Body.Text.TrimEnd('\n').Split('\n').Length;
        frame.Put(3, new LineBuilder(frame.Width).Add($"── {lineCount} {(lineCount == 1 ? "line" : "lines")} ", SpanStyle.Dim).Fill(SpanStyle.Dim, '─').Build());

        var top = 4;
        var rows = frame.Size.Height - 2 - top;
        var shown = body.Count <= rows ? body.Count : Math.Max(0, rows - 1);
        for (var i = 0; i < shown; i++)
        {
            frame.Put(top + i, LineBuilder.Of(frame.Width, body[i]));
        }

        if (shown < body.Count && rows > 0)
        {
            frame.Put(top + shown, LineBuilder.Of(frame.Width, $"… {body.Count - shown} more rows (e or b to see them all)", SpanStyle.Dim));
        }
    }
}

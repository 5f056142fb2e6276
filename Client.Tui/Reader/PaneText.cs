using System.Globalization;

namespace Maildriver.Client.Reader;

/// <summary>One row of the reading pane.</summary>
/// <param name="Text">Clean text, at most the pane's width.</param>
/// <param name="IsHeader">A From/To/Date/Subject row.</param>
internal readonly record struct PaneLine(string Text, bool IsHeader);

/// <summary>A letter laid out for the reading pane: its headers, a blank row, and the body word-wrapped.</summary>
internal static class PaneText
{
    // Wrapping a long body on every frame would cost more than drawing it; the last one is kept.
    private static Wrapped? s_last;

    public static IReadOnlyList<PaneLine> Lines(LetterItem letter, int width, TimeZoneInfo zone)
    {
        var lines = new List<PaneLine>();
        void Header(string name, string value)
            => lines.AddRange(TextWrap.Words($"{name}: {value}", width).Select(t => new PaneLine(t, IsHeader: true)));

        Header("From", letter.From);
        Header("To", string.Join(", ", letter.To));
        Header("Date", TimeZoneInfo.ConvertTime(letter.SentAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        Header("Subject", letter.Subject);
        lines.Add(new PaneLine(string.Empty, IsHeader: false));
        if (letter.Body is null)
        {
            lines.Add(new PaneLine("Loading…", IsHeader: false));
            return lines;
        }

        lines.AddRange(BodyRows(letter.Body, width).Select(t => new PaneLine(t, IsHeader: false)));
        if (letter.Attachments is { Count: > 0 } attachments)
        {
            // Numbered as the save prompt (s) and `maildriver save ID N FILE` take them.
            lines.Add(new PaneLine(string.Empty, IsHeader: false));
            Header("Attachments", "s saves one");
            for (var i = 0; i < attachments.Count; i++)
            {
                var a = attachments[i];
                lines.AddRange(TextWrap.Words(Cells.Clean($"{i + 1}  {a.Name}  {a.Type}  {a.Size} bytes"), width).Select(t => new PaneLine(t, IsHeader: false)));
            }
        }

        return lines;
    }

    /// <summary>The first row that can be shown at the top so the pane is still full: the end of scrolling.</summary>
    public static int MaxScroll(LetterItem letter, int width, int rows)
        => Math.Max(0, Lines(letter, width, TimeZoneInfo.Utc).Count - rows);

    private static IReadOnlyList<string> BodyRows(string body, int width)
    {
        var last = s_last;
        if (last is not null && ReferenceEquals(last.Body, body) && last.Width == width)
        {
            return last.Rows;
        }

        var rows = TextWrap.Words(body.TrimEnd('\n', '\r'), width);
        s_last = new Wrapped(body, width, rows);
        return rows;
    }

    private sealed record Wrapped(string Body, int Width, IReadOnlyList<string> Rows);
}

using System.Globalization;

namespace Maildriver.Client.Reader;

/// <summary>The message list and, below it, the reading pane.</summary>
internal static class IndexView
{
    public static void Draw(ReaderState s, FrameBuilder frame, TimeZoneInfo zone)
    {
        var layout = ReaderLayout.For(s);
        DrawList(s, frame, layout, zone);
        if (s.OpenLetter is { } letter && layout.PaneRows > 0)
        {
            DrawPane(s, frame, layout, letter, zone);
        }
    }

    private static void DrawList(ReaderState s, FrameBuilder frame, ReaderLayout layout, TimeZoneInfo zone)
    {
        if (layout.ListRows <= 0)
        {
            return;
        }

        var box = s.Mailbox;
        var visible = box.Visible;
        if (visible.Count == 0)
        {
            var note = box.Filter is { } f ? $"  No letter matches \"{f}\"."
                : s.Receiving ? "  Receiving mail…"
                : "  No letters.";
            frame.Put(layout.ListTop, LineBuilder.Of(frame.Width, note, SpanStyle.Dim));
            return;
        }

        // Whole pages, as mutt does: the list moves a page at a time, so rows do not shift under the eye.
        var top = box.Cursor - (box.Cursor % layout.ListRows);
        for (var i = 0; i < layout.ListRows && top + i < visible.Count; i++)
        {
            var index = top + i;
            frame.Put(layout.ListTop + i, Row(visible[index], index == box.Cursor, frame.Width, zone));
        }
    }

    public static StyledLine Row(LetterItem letter, bool selected, int width, TimeZoneInfo zone)
    {
        var style = selected ? SpanStyle.Selected : letter.Deleting ? SpanStyle.Dim : letter.Read ? SpanStyle.Normal : SpanStyle.Unread;
        var flag = letter.Deleting ? 'D' : letter.Read ? ' ' : 'N';
        var local = TimeZoneInfo.ConvertTime(letter.SentAt, zone);
        var (date, from) = width switch
        {
            >= 70 => (local.ToString("MMM dd HH:mm", CultureInfo.InvariantCulture) + "  ", 16),
            >= 50 => (local.ToString("MMM dd", CultureInfo.InvariantCulture) + "  ", 12),
            _ => (string.Empty, 10),
        };

        return new LineBuilder(width)
            .Add(selected ? "> " : "  ", style)
            .Add($"{flag} {date}", style)
            .Column(letter.From, from, style)
            .Add("  ", style)
            .Fit(letter.Subject, style)
            .Fill(selected ? SpanStyle.Selected : SpanStyle.Normal)
            .Build();
    }

    private static void DrawPane(ReaderState s, FrameBuilder frame, ReaderLayout layout, LetterItem letter, TimeZoneInfo zone)
    {
        var lines = PaneText.Lines(letter, frame.Width, zone);
        var scroll = Math.Clamp(s.PaneScroll, 0, Math.Max(0, lines.Count - layout.PaneRows));
        if (layout.SeparatorRow >= 0)
        {
            // "── alice: Lunch ─────── 1-13/20 ──": the position is worth more than the end of a long subject.
            var last = Math.Min(lines.Count, scroll + layout.PaneRows);
            var position = $" {scroll + 1}-{last}/{lines.Count} ──";
            var room = Math.Max(0, frame.Width - Cells.Width(position));
            var title = Cells.Fit(Cells.Clean($"── {letter.From}: {letter.Subject} "), room);
            var style = s.Screen == Screen.Pager ? SpanStyle.Header : SpanStyle.Dim;
            frame.Put(layout.SeparatorRow, new LineBuilder(frame.Width)
                .Add(title + new string('─', room - Cells.Width(title)), style)
                .Add(position, style)
                .Build());
        }

        for (var i = 0; i < layout.PaneRows && scroll + i < lines.Count; i++)
        {
            var line = lines[scroll + i];
            frame.Put(layout.PaneTop + i, LineBuilder.Of(frame.Width, line.Text, line.IsHeader ? SpanStyle.Header : SpanStyle.Normal));
        }
    }
}

namespace Maildriver.Client.Reader;

/// <summary>
/// The status line: the MAIL light, who is logged in on which machine, the connection, the Master, the counts and
/// what is in progress. On a narrow terminal the least useful parts go first, whole, rather than everything being
/// cut off at the right.
/// </summary>
internal static class StatusLine
{
    private const string Separator = " | ";

    public static StyledLine Build(ReaderState s, int width)
    {
        // (text, style, priority): 0 always stays; higher numbers are dropped first.
        var parts = new List<(string Text, SpanStyle Style, int Priority)>();
        if (s.MailLight)
        {
            parts.Add(("MAIL", SpanStyle.Mail, 0));
        }

        if (!s.LoggedIn)
        {
            parts.Add(("Maildriver", SpanStyle.Bar, 0));
            parts.Add((s.Login.Busy ? "logging in…" : "not logged in", SpanStyle.Bar, 0));
        }
        else
        {
            parts.Add(($"{s.User}@{s.Connection.Machine ?? "?"}", SpanStyle.Bar, 0));
            parts.Add((Link(s.Connection), SpanStyle.Bar, 0));
            parts.Add(($"{s.Mailbox.Letters.Count} {Plural(s.Mailbox.Letters.Count, "letter")}, {s.Mailbox.Unread} unread", SpanStyle.Bar, 1));
            if (s.Mailbox.Filter is { } filter)
            {
                parts.Add(($"search \"{filter}\": {s.Mailbox.Visible.Count}", SpanStyle.Bar, 1));
            }

            if (s.Receiving)
            {
                parts.Add(("receiving…", SpanStyle.Bar, 2));
            }

            if (s.Connection.Master is { } master)
            {
                parts.Add(($"Master {master}", SpanStyle.Bar, 3));
            }
        }

        while (Width(parts) > width - 2 && parts.Any(p => p.Priority > 0))
        {
            var drop = parts.Where(p => p.Priority > 0).MaxBy(p => p.Priority);
            parts.RemoveAt(parts.LastIndexOf(drop));
        }

        var line = new LineBuilder(width).Add(" ", SpanStyle.Bar);
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                line.Add(Separator, SpanStyle.Bar);
            }

            line.Fit(parts[i].Text, parts[i].Style);
        }

        return line.Fill(SpanStyle.Bar).Build();
    }

    private static string Link(Connection c) => c.State switch
    {
        LinkState.Connected => "connected",
        LinkState.Reconnecting => $"reconnecting to {c.Target}…",
        LinkState.Unreachable => "no gateway answers",
        _ => "offline",
    };

    private static int Width(List<(string Text, SpanStyle Style, int Priority)> parts)
        => parts.Sum(p => Cells.Width(Cells.Clean(p.Text))) + (Separator.Length * Math.Max(0, parts.Count - 1));

    private static string Plural(int n, string word) => n == 1 ? word : word + "s";
}

namespace Maildriver.Client.Reader;

/// <summary>The help screen's rows, made from the key tables themselves.</summary>
internal static class HelpText
{
    private const int KeysColumn = 22;

    public static IReadOnlyList<PaneLine> Lines { get; } = Build();

    /// <summary>How far the help can scroll on a terminal of <paramref name="size"/>.</summary>
    public static int MaxScroll(TerminalSize size) => Math.Max(0, Lines.Count - (Math.Max(size.Height, ReaderLayout.Minimum.Height) - 3));

    private static List<PaneLine> Build()
    {
        var lines = new List<PaneLine>();
        void Section(string title, IReadOnlyList<KeyBinding> table)
        {
            if (lines.Count > 0)
            {
                lines.Add(new PaneLine(string.Empty, IsHeader: false));
            }

            lines.Add(new PaneLine(title, IsHeader: true));
            lines.AddRange(table.Select(b => new PaneLine($"  {b.KeysText.PadRight(KeysColumn)}{b.Description}", IsHeader: false)));
        }

        Section("The list", ReaderKeyMap.Index);
        Section("Reading a letter", ReaderKeyMap.Pager);
        Section("Writing a letter", ReaderKeyMap.Compose);
        Section("Before sending", ReaderKeyMap.Review);
        Section("Searching", ReaderKeyMap.Search);
        Section("This help", ReaderKeyMap.Help);
        lines.Add(new PaneLine(string.Empty, IsHeader: false));
        lines.Add(new PaneLine("MAIL on the status line: you have unread mail (it goes out when none is left).", IsHeader: false));
        lines.Add(new PaneLine("N: unread.  D: being deleted.  Ctrl-C leaves from anywhere.", IsHeader: false));
        return lines;
    }
}

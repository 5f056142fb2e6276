namespace Maildriver.Client.Reader;

/// <summary>
/// Keys bound to one command, written as the help screen shows them: a character ("j", "$", "G"), a
/// <see cref="ConsoleKey"/> name ("Enter", "PageDown", "Escape"), "C-l" for Ctrl-L or "S-Tab" for Shift-Tab.
/// </summary>
/// <param name="Keys">The keys.</param>
/// <param name="Command">The command they stand for (a <see cref="ReaderCommand"/> or a <see cref="TextCommand"/>).</param>
/// <param name="Description">What the help screen says it does.</param>
internal sealed record KeyBinding(IReadOnlyList<string> Keys, Enum Command, string Description)
{
    public bool Matches(ConsoleKeyInfo key) => Keys.Any(k => Matches(k, key));

    /// <summary>How the help screen writes the keys: "j Down", "C-l".</summary>
    public string KeysText => string.Join(' ', Keys.Select(k => k switch
    {
        "Spacebar" => "Space",
        "Escape" => "Esc",
        "DownArrow" => "Down",
        "UpArrow" => "Up",
        "LeftArrow" => "Left",
        "RightArrow" => "Right",
        _ => k,
    }));

    public static bool Matches(string chord, ConsoleKeyInfo key)
    {
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        var alt = (key.Modifiers & ConsoleModifiers.Alt) != 0;
        var shift = (key.Modifiers & ConsoleModifiers.Shift) != 0;
        if (chord.Length == 1)
        {
            return !control && !alt && key.KeyChar == chord[0];
        }

        if (chord.StartsWith("C-", StringComparison.Ordinal) && chord.Length == 3)
        {
            // Terminals send Ctrl-letter as the control character; .NET reports it either way.
            var letter = char.ToLowerInvariant(chord[2]);
            return (control && key.Key == ConsoleKey.A + (letter - 'a')) || key.KeyChar == (char)(letter - 'a' + 1);
        }

        if (chord.StartsWith("S-", StringComparison.Ordinal))
        {
            return shift && !control && !alt && Enum.TryParse<ConsoleKey>(chord[2..], out var shifted) && key.Key == shifted;
        }

        return Enum.TryParse<ConsoleKey>(chord, out var named) && key.Key == named && !shift && !control && !alt;
    }
}

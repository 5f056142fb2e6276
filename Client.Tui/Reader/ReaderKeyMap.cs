namespace Maildriver.Client.Reader;

/// <summary>
/// The keys, in the habits of mutt and aerc, one table per screen. The tables are also what the help screen
/// lists, so the help cannot drift from what the keys do.
/// </summary>
internal static class ReaderKeyMap
{
    public static IReadOnlyList<KeyBinding> Index { get; } =
    [
        new(["j", "DownArrow"], ReaderCommand.Down, "next letter"),
        new(["k", "UpArrow"], ReaderCommand.Up, "previous letter"),
        new(["PageDown"], ReaderCommand.PageDown, "next page"),
        new(["PageUp"], ReaderCommand.PageUp, "previous page"),
        new(["g", "Home"], ReaderCommand.Top, "first letter"),
        new(["G", "End"], ReaderCommand.Bottom, "last letter"),
        new(["Enter", "RightArrow"], ReaderCommand.Open, "read the letter (marks it read)"),
        new(["m"], ReaderCommand.Compose, "write a new letter"),
        new(["r"], ReaderCommand.Reply, "reply to the letter"),
        new(["d"], ReaderCommand.Delete, "delete the letter (asks first)"),
        new(["/"], ReaderCommand.Search, "search senders and subjects"),
        new(["Escape"], ReaderCommand.ClearSearch, "show every letter again"),
        new(["$", "C-l"], ReaderCommand.Refresh, "receive all mail now"),
        new(["o"], ReaderCommand.Reverse, "newest or oldest first"),
        new(["?"], ReaderCommand.Help, "this help"),
        new(["q"], ReaderCommand.Quit, "quit"),
    ];

    public static IReadOnlyList<KeyBinding> Pager { get; } =
    [
        new(["j", "DownArrow", "Enter"], ReaderCommand.Down, "scroll down a line"),
        new(["k", "UpArrow"], ReaderCommand.Up, "scroll up a line"),
        new(["Spacebar", "PageDown"], ReaderCommand.PageDown, "next page"),
        new(["-", "b", "PageUp"], ReaderCommand.PageUp, "previous page"),
        new(["g", "Home"], ReaderCommand.Top, "top of the letter"),
        new(["G", "End"], ReaderCommand.Bottom, "end of the letter"),
        new(["n", "J"], ReaderCommand.NextLetter, "read the next letter"),
        new(["p", "K"], ReaderCommand.PreviousLetter, "read the previous letter"),
        new(["r"], ReaderCommand.Reply, "reply"),
        new(["d"], ReaderCommand.Delete, "delete (asks first)"),
        new(["s"], ReaderCommand.SaveAttachment, "save an attachment (asks its number and file)"),
        new(["m"], ReaderCommand.Compose, "write a new letter"),
        new(["$", "C-l"], ReaderCommand.Refresh, "receive all mail now"),
        new(["?"], ReaderCommand.Help, "this help"),
        new(["q", "Escape", "LeftArrow", "i"], ReaderCommand.Back, "back to the list"),
    ];

    public static IReadOnlyList<KeyBinding> Compose { get; } =
    [
        new(["Tab"], TextCommand.NextField, "next field (to, subject, body)"),
        new(["S-Tab"], TextCommand.PreviousField, "previous field"),
        new(["Enter"], TextCommand.Enter, "next field; in the body, a new line"),
        new(["Escape"], TextCommand.Done, "done: review the letter"),
        new(["C-e"], TextCommand.Editor, "edit the body in $EDITOR"),
        new(["Backspace"], TextCommand.Backspace, "delete back"),
        new(["Delete", "C-d"], TextCommand.DeleteForward, "delete forward"),
        new(["LeftArrow"], TextCommand.Left, "cursor left"),
        new(["RightArrow"], TextCommand.Right, "cursor right"),
        new(["UpArrow"], TextCommand.Up, "line up (or previous field)"),
        new(["DownArrow"], TextCommand.Down, "line down (or next field)"),
        new(["Home", "C-a"], TextCommand.Home, "start of the line"),
        new(["End"], TextCommand.End, "end of the line"),
        new(["C-u"], TextCommand.KillLine, "delete to the start of the line"),
        new(["C-w"], TextCommand.KillWord, "delete the word before the cursor"),
    ];

    public static IReadOnlyList<KeyBinding> Review { get; } =
    [
        new(["y"], ReaderCommand.Send, "send the letter"),
        new(["e"], ReaderCommand.EditInEditor, "edit the body in $EDITOR"),
        new(["b", "Enter"], ReaderCommand.EditBody, "edit the body here"),
        new(["t"], ReaderCommand.EditTo, "edit the recipients"),
        new(["s"], ReaderCommand.EditSubject, "edit the subject"),
        new(["?"], ReaderCommand.Help, "this help"),
        new(["q"], ReaderCommand.Back, "abandon the letter (asks first)"),
    ];

    public static IReadOnlyList<KeyBinding> Help { get; } =
    [
        new(["j", "DownArrow"], ReaderCommand.Down, "scroll down"),
        new(["k", "UpArrow"], ReaderCommand.Up, "scroll up"),
        new(["q", "Escape", "?"], ReaderCommand.Back, "leave the help"),
    ];

    /// <summary>The search prompt's keys beyond typing.</summary>
    public static IReadOnlyList<KeyBinding> Search { get; } =
    [
        new(["Enter"], TextCommand.Enter, "keep the search"),
        new(["Escape"], TextCommand.Done, "cancel the search"),
    ];

    /// <summary>The login form's keys beyond typing.</summary>
    public static IReadOnlyList<KeyBinding> Login { get; } =
    [
        new(["Enter"], TextCommand.Enter, "log in (or go to the empty field)"),
        new(["Tab", "DownArrow"], TextCommand.NextField, "next field"),
        new(["S-Tab", "UpArrow"], TextCommand.PreviousField, "previous field"),
        new(["Escape"], TextCommand.Done, "quit"),
    ];

    /// <summary>
    /// The one-line reminder at the top of each screen, most useful first; the last (help, where there is one) is
    /// kept when the line is too narrow for all of them.
    /// </summary>
    public static IReadOnlyList<string> Hints(Screen screen) => screen switch
    {
        Screen.Login => ["Enter:Log in", "Tab:Next field", "Esc:Quit"],
        Screen.Index => ["q:Quit", "Enter:Read", "m:Mail", "r:Reply", "d:Del", "/:Search", "$:Refresh", "?:Help"],
        Screen.Pager => ["q:List", "Space:Page", "n/p:Next/Prev", "r:Reply", "d:Del", "m:Mail", "?:Help"],
        Screen.Compose => ["Tab:Next field", "Esc:Review", "C-e:$EDITOR"],
        Screen.Review => ["y:Send", "e:$EDITOR", "b:Body", "t:To", "s:Subject", "q:Abandon", "?:Help"],
        Screen.Sending => ["Sending - please wait"],
        _ => ["q:Back", "j/k:Scroll"],
    };

    /// <summary>The command a key stands for on a list-like screen, or <see cref="ReaderCommand.None"/>.</summary>
    public static ReaderCommand CommandFor(IReadOnlyList<KeyBinding> table, ConsoleKeyInfo key)
        => table.FirstOrDefault(b => b.Matches(key)) is { Command: ReaderCommand command } ? command : ReaderCommand.None;

    /// <summary>What a key does while typing: a command from <paramref name="table"/>, typing, or nothing.</summary>
    public static TextCommand TextFor(IReadOnlyList<KeyBinding> table, ConsoleKeyInfo key)
    {
        if (table.FirstOrDefault(b => b.Matches(key)) is { Command: TextCommand command })
        {
            return command;
        }

        if (IsTyping(key))
        {
            return TextCommand.Insert;
        }

        // Editing keys every field shares (the login form and the search prompt use the compose table's).
        return Compose.FirstOrDefault(b => b.Matches(key)) is { Command: TextCommand shared } && IsEditing(shared) ? shared : TextCommand.None;
    }

    /// <summary>y/Y is yes; anything else is no.</summary>
    public static bool IsYes(ConsoleKeyInfo key) => key.KeyChar is 'y' or 'Y';

    /// <summary>A printable character typed without Ctrl or Alt.</summary>
    public static bool IsTyping(ConsoleKeyInfo key)
        => (key.Modifiers & (ConsoleModifiers.Control | ConsoleModifiers.Alt)) == 0 && key.KeyChar >= ' ' && key.KeyChar != '\x7f'
           && !char.IsControl(key.KeyChar);

    private static bool IsEditing(TextCommand command)
        => command is TextCommand.Backspace or TextCommand.DeleteForward or TextCommand.Left or TextCommand.Right
            or TextCommand.Home or TextCommand.End or TextCommand.KillLine or TextCommand.KillWord;
}

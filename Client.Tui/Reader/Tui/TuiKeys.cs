using System.Text;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Maildriver.Client.Reader.Tui;

/// <summary>
/// Terminal.Gui's keys as the <see cref="ConsoleKeyInfo"/> the view-model's key tables read, so that every key of
/// the tables (and of the README) means what it meant before the reader moved onto Terminal.Gui.
/// </summary>
internal static class TuiKeys
{
    /// <summary>Ctrl-C: not a key for the tables but the way out from anywhere.</summary>
    public static bool IsInterrupt(Key key) => key.IsCtrl && !key.IsAlt && key.NoCtrl.NoShift.KeyCode == KeyCode.C;

    /// <summary>The key as console keys: none for a key the reader has no use for, two for a character outside the BMP.</summary>
    public static IReadOnlyList<ConsoleKeyInfo> ToConsole(Key key)
    {
        var (shift, alt, control) = (key.IsShift, key.IsAlt, key.IsCtrl);
        var bare = key.NoCtrl.NoAlt.NoShift.KeyCode;
        if (Special(bare) is { } special)
        {
            return [new ConsoleKeyInfo(special.Char, special.Key, shift, alt, control)];
        }

        if (control && !alt && bare is >= KeyCode.A and <= KeyCode.Z)
        {
            // Terminals send Ctrl-letter as the control character; KeyBinding accepts either form.
            var offset = (int)(bare - KeyCode.A);
            return [new ConsoleKeyInfo((char)(offset + 1), ConsoleKey.A + offset, shift, alt, control: true)];
        }

        if (control || alt || key.AsRune is not { Value: > 0 } rune || Rune.IsControl(rune))
        {
            return [];
        }

        var text = rune.ToString();
        return [.. text.Select(c => new ConsoleKeyInfo(c, ConsoleKeyOf(c), shift: char.IsUpper(c), alt: false, control: false))];
    }

    private static (ConsoleKey Key, char Char)? Special(KeyCode code) => code switch
    {
        KeyCode.Enter => (ConsoleKey.Enter, '\r'),
        KeyCode.Esc => (ConsoleKey.Escape, '\u001b'),
        KeyCode.Tab => (ConsoleKey.Tab, '\t'),
        KeyCode.Backspace => (ConsoleKey.Backspace, '\b'),
        KeyCode.Delete => (ConsoleKey.Delete, '\0'),
        KeyCode.CursorUp => (ConsoleKey.UpArrow, '\0'),
        KeyCode.CursorDown => (ConsoleKey.DownArrow, '\0'),
        KeyCode.CursorLeft => (ConsoleKey.LeftArrow, '\0'),
        KeyCode.CursorRight => (ConsoleKey.RightArrow, '\0'),
        KeyCode.PageUp => (ConsoleKey.PageUp, '\0'),
        KeyCode.PageDown => (ConsoleKey.PageDown, '\0'),
        KeyCode.Home => (ConsoleKey.Home, '\0'),
        KeyCode.End => (ConsoleKey.End, '\0'),
        KeyCode.Space => (ConsoleKey.Spacebar, ' '),
        _ => null,
    };

    private static ConsoleKey ConsoleKeyOf(char c) => c switch
    {
        >= 'a' and <= 'z' => ConsoleKey.A + (c - 'a'),
        >= 'A' and <= 'Z' => ConsoleKey.A + (c - 'A'),
        >= '0' and <= '9' => ConsoleKey.D0 + (c - '0'),
        _ => 0,
    };
}

using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Maildriver.Client.Reader.Tui;

/// <summary>
/// How each <see cref="SpanStyle"/> looks. Text keeps the terminal's own foreground and background
/// (<see cref="Color.None"/>), and emphasis is made with reverse video, bold and faint, which read the same on a dark
/// and on a light terminal; the only fixed colours are where the contrast is fixed too (MAIL: black on yellow) or
/// red, which shows on both.
/// </summary>
internal static class SpanColours
{
    private static readonly Color Default = Color.None;

    public static Attribute For(SpanStyle style) => style switch
    {
        SpanStyle.Bar => new Attribute(Default, Default, TextStyle.Reverse),
        SpanStyle.Selected => new Attribute(Default, Default, TextStyle.Reverse | TextStyle.Bold),
        SpanStyle.Unread => new Attribute(Default, Default, TextStyle.Bold),
        SpanStyle.Dim => new Attribute(Default, Default, TextStyle.Faint),
        SpanStyle.Error => new Attribute(new Color(ColorName16.Red), Default, TextStyle.Bold),
        SpanStyle.Mail => new Attribute(new Color(ColorName16.Black), new Color(ColorName16.Yellow), TextStyle.Bold),
        SpanStyle.Header => new Attribute(Default, Default, TextStyle.Bold),
        _ => new Attribute(Default, Default),
    };
}

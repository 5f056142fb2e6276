using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Maildriver.Client.Reader;

/// <summary>
/// Turns a frame into the bytes for the terminal, off-screen: Spectre.Console renders each span into a string
/// (as <see cref="Text"/>, never markup, so a subject like "[red]" is shown as typed), and every row is placed by
/// an absolute cursor move so a character whose width the terminal counts differently cannot shift the rows below.
/// </summary>
internal sealed class AnsiFrameWriter
{
    private const string Escape = "\u001b[";

    private readonly ColorSystemSupport _colours;

    /// <param name="colours">The colour system; <see cref="ColorSystemSupport.Detect"/> honours NO_COLOR and TERM.</param>
    public AnsiFrameWriter(ColorSystemSupport colours = ColorSystemSupport.Detect)
    {
        _colours = colours;
    }

    /// <summary>The whole frame as one string: hide the cursor, draw every row, then place and show the cursor if it has a place.</summary>
    /// <param name="frame">What to draw.</param>
    /// <param name="clear">Clear the screen first (after a resize, or Ctrl-L).</param>
    public string Render(ScreenFrame frame, bool clear)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = _colours,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });

        // Wider than any row, so Spectre never wraps a span of its own accord; the frame is already exactly wide.
        console.Profile.Width = Math.Max(frame.Size.Width, 1) + 1;
        console.Profile.Height = Math.Max(frame.Size.Height, 1);

        var sb = output.GetStringBuilder();
        sb.Append(Escape).Append("?25l");
        if (clear)
        {
            sb.Append(Escape).Append("0m").Append(Escape).Append("2J");
        }

        for (var row = 0; row < frame.Rows.Count; row++)
        {
            sb.Append(Escape).Append(row + 1).Append(";1H");
            foreach (var span in frame.Rows[row].Spans)
            {
                console.Write(new Text(span.Text, StyleOf(span.Style)));
            }
        }

        sb.Append(Escape).Append("0m");
        if (frame.Cursor is { } cursor)
        {
            sb.Append(Escape).Append(cursor.Row + 1).Append(';').Append(cursor.Column + 1).Append('H');
            sb.Append(Escape).Append("?25h");
        }

        return sb.ToString();
    }

    private static Style StyleOf(SpanStyle style) => style switch
    {
        SpanStyle.Bar => new Style(decoration: Decoration.Invert),
        SpanStyle.Selected => new Style(decoration: Decoration.Invert | Decoration.Bold),
        SpanStyle.Unread => new Style(decoration: Decoration.Bold),
        SpanStyle.Dim => new Style(decoration: Decoration.Dim),
        SpanStyle.Error => new Style(foreground: Color.Red, decoration: Decoration.Bold),
        SpanStyle.Mail => new Style(foreground: Color.Black, background: Color.Yellow, decoration: Decoration.Bold),
        SpanStyle.Header => new Style(decoration: Decoration.Bold),
        _ => Style.Plain,
    };

    /// <summary>The sequences that give the terminal back as it was: normal attributes, cursor shown, main screen.</summary>
    public static string Restore => $"{Escape}0m{Escape}?25h{Escape}?1049l";

    /// <summary>Enter the alternate screen with the cursor hidden.</summary>
    public static string EnterFullScreen => $"{Escape}?1049h{Escape}?25l{Escape}2J";

    /// <summary>Used where the frame must be written as bytes (UTF-8 without a byte order mark).</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}

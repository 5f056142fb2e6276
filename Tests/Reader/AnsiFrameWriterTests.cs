using Maildriver.Client.Reader;
using Spectre.Console;

namespace Maildriver.Tests.Reader;

/// <summary>Frames become one string for the terminal: rows placed absolutely, user text never taken as markup.</summary>
public sealed class AnsiFrameWriterTests
{
    private static ScreenFrame Frame((int, int)? cursor = null) => new(
        new TerminalSize(12, 2),
        [
            new StyledLine([new Span("[red]x[/]", SpanStyle.Selected), new Span("   ", SpanStyle.Selected)]),
            new StyledLine([new Span("MAIL", SpanStyle.Mail), new Span("        ", SpanStyle.Normal)]),
        ],
        cursor);

    [Fact]
    public void EveryRowIsPlacedByACursorMoveAndMarkupIsShownAsTyped()
    {
        var output = new AnsiFrameWriter(ColorSystemSupport.Standard).Render(Frame(), clear: false);

        Assert.StartsWith("\u001b[?25l\u001b[1;1H", output);
        Assert.Contains("\u001b[2;1H", output);
        Assert.Contains("[red]x[/]", output);
        Assert.DoesNotContain("\n", output);
        Assert.DoesNotContain("\u001b[2J", output);
        // The cursor stays hidden when the frame gives it no place.
        Assert.DoesNotContain("\u001b[?25h", output);
    }

    [Fact]
    public void AClearFrameClearsFirstAndACursorIsPlacedAndShownLast()
    {
        var output = new AnsiFrameWriter(ColorSystemSupport.Standard).Render(Frame((1, 4)), clear: true);

        Assert.StartsWith("\u001b[?25l\u001b[0m\u001b[2J", output);
        Assert.EndsWith("\u001b[2;5H\u001b[?25h", output);
    }

    [Fact]
    public void StylesBecomeAttributesAndWithoutColoursOnlyAttributesRemain()
    {
        var colour = new AnsiFrameWriter(ColorSystemSupport.Standard).Render(Frame(), clear: false);
        Assert.Contains("\u001b[1;7m", colour);
        Assert.Matches(@"\u001b\[[0-9;]*(30|43)[0-9;]*mMAIL", colour);

        var plain = new AnsiFrameWriter(ColorSystemSupport.NoColors).Render(Frame(), clear: false);
        Assert.DoesNotMatch(@"\u001b\[[0-9;]*(30|43)[0-9;]*m", plain);
        Assert.Contains("MAIL", plain);
    }

    [Fact]
    public void RestoringLeavesTheAlternateScreenAndShowsTheCursor()
    {
        Assert.Contains("\u001b[?1049l", AnsiFrameWriter.Restore);
        Assert.Contains("\u001b[?25h", AnsiFrameWriter.Restore);
        Assert.Contains("\u001b[?1049h", AnsiFrameWriter.EnterFullScreen);
    }
}

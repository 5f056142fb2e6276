using Maildriver.Grains.Server;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;

namespace Maildriver.Tests.Reader.Tui;

/// <summary>
/// The reader on Terminal.Gui, headless: the list, reading, writing and sending, deleting, searching, the mouse, a
/// resize (mid-letter too), a terminal too small, and a letter full of control characters, each through the keys a
/// user presses and the screen read back.
/// </summary>
public sealed class TerminalGuiReaderTests
{
    [Fact]
    public async Task TheListShowsNewestFirstWithFlagsDateSenderSubjectAndTheStatusLine()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());

        var rows = r.Screen.Split('\n');
        Assert.StartsWith(" q:Quit  Enter:Read", rows[0]);
        Assert.Equal("> N Nov 21 09:40  bob               Spam two", rows[1].TrimEnd());
        Assert.Equal("  N Nov 21 09:35  alice             Spam one", rows[2].TrimEnd());
        Assert.Equal("    Nov 21 09:30  mary              Keep me", rows[3].TrimEnd());
        Assert.Equal(" MAIL | john@MD3 | connected | 3 letters, 2 unread | Master MD1", r.RowWith("john@MD3"));

        r.Press('o');
        await r.ScreenWithAsync("Oldest letters first.");
        Assert.Equal("    Nov 21 09:30  mary              Keep me", r.Screen.Split('\n')[1].TrimEnd());
        Assert.Equal("> N Nov 21 09:40  bob               Spam two", r.Screen.Split('\n')[3].TrimEnd());
    }

    [Fact]
    public async Task EnterReadsTheLetterInThePaneAndTheNGoesWhenTheServerSaysItIsRead()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());

        r.Press('j', Key.Enter);
        var screen = await r.ScreenWithAsync("── alice: Spam one");
        Assert.Contains("Buy now.", screen);
        await r.ScreenWithAsync(">   Nov 21 09:35  alice");
        Assert.Contains("3 letters, 1 unread", r.Screen);

        r.Press('q');
        await r.ScreenWithAsync("q:Quit  Enter:Read");
    }

    [Fact]
    public async Task MWritesALetterYSendsItAndTheListComesBackWithoutTheOldPane()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());
        r.Press(Key.Enter);
        await r.ScreenWithAsync("── bob: Spam two");
        r.Press('q', 'm');
        await r.ScreenWithAsync("To:");

        r.Press("mary", Key.Tab, "Lunch?", Key.Tab, "Noon at the usual place.", Key.Enter, "Bring a friend.");
        await r.ScreenWithAsync("Bring a friend.");
        r.Press(Key.Esc);
        await r.ScreenWithAsync("y send");
        r.Press('y');

        var screen = await r.ScreenWithAsync("Sent \"Lunch?\" to mary (MD3.1).");
        var sent = Assert.Single(r.Mail.Sent);
        Assert.Equal(["mary"], sent.To);
        Assert.Equal(("Lunch?", "Noon at the usual place.\nBring a friend."), (sent.Subject, sent.Body));
        Assert.DoesNotContain("── bob", screen);
        Assert.DoesNotContain("Buy again.", screen);
    }

    [Fact]
    public async Task CtrlEWritesTheBodyInTheEditor()
    {
        var editor = new ScriptedEditor("Written in the editor.");
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning(), editor);

        r.Press('m', "mary", Key.Tab, "Hi", Key.Tab, "draft", Key.E.WithCtrl);
        await r.ScreenWithAsync("Body edited");
        Assert.Equal("draft", editor.Given);
        Assert.False(r.Terminal.Suspended);
        r.Press('y');
        await r.ScreenWithAsync("Sent \"Hi\"");
        Assert.Equal("Written in the editor.", Assert.Single(r.Mail.Sent).Body);
    }

    [Fact]
    public async Task DAsksAndYDeletes()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());

        r.Press('d');
        await r.ScreenWithAsync("Delete \"Spam two\" from bob? (y/n)");
        r.Press('y');
        var screen = await r.ScreenWithAsync("Deleted \"Spam two\".");
        Assert.DoesNotContain("Spam two", screen.Replace("Deleted \"Spam two\".", string.Empty, StringComparison.Ordinal));
        Assert.Contains("2 letters, 1 unread", screen);
        Assert.Equal(["MD2.3"], r.Mail.Deleted);
    }

    [Fact]
    public async Task SlashSearchesAsYouTypeAndEscShowsEveryLetterAgain()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());

        r.Press('/', "spam");
        var screen = await r.ScreenWithAsync("search \"spam\": 2");
        Assert.DoesNotContain("Keep me", screen);
        r.Press("x");
        await r.ScreenWithAsync("No letter matches \"spamx\".");
        r.Press(Key.Backspace, Key.Enter, Key.Esc);
        screen = await r.ScreenAsync(s => s.Contains("Keep me", StringComparison.Ordinal) && !s.Contains("search", StringComparison.Ordinal), "every letter back");
        Assert.Contains("Spam one", screen);
    }

    [Fact]
    public async Task AClickMovesTheCursorAndADoubleClickReads()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());

        r.Click(20, 3);
        await r.ScreenWithAsync(">   Nov 21 09:30  mary");
        r.Click(20, 2, twice: true);
        await r.ScreenWithAsync("── alice: Spam one");
    }

    [Fact]
    public async Task AResizeLaysTheScreenOutAgainEvenMidLetterAndTooSmallSaysSo()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());
        r.Press('m', "mary", Key.Tab, "Resized");

        r.Resize(50, 14);
        var screen = await r.ScreenAsync(s => s.Split('\n').All(row => row.TrimEnd().Length <= 50) && s.Contains("Resized", StringComparison.Ordinal), "the compose form at 50x14");
        Assert.Contains("Subject:", screen);

        // Below the reader's minimum only a note shows, cut to the width; nothing is drawn past the edge.
        r.Resize(15, 6);
        await r.ScreenAsync(s => s.StartsWith("Terminal too s", StringComparison.Ordinal), "the too-small note");

        r.Resize(80, 24);
        r.Press(Key.Tab, "still here", Key.Esc);
        await r.ScreenWithAsync("y send");
        r.Press('y');
        await r.ScreenWithAsync("Sent \"Resized\"");
        Assert.Equal("still here", Assert.Single(r.Mail.Sent).Body);
    }

    [Fact]
    public async Task ALetterWithControlCharactersAndAVeryLongLineShowsLiterallyInsideTheScreen()
    {
        var nasty = ReaderDriver.Letter("MD1.7", "mallory\u001b[2J", "Clear\u0007screen", body: "\u001b]0;pwned\u0007 " + new string('x', 5000), minutes: 1);
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, [nasty]);

        r.Press(Key.Enter);
        var screen = await r.ScreenWithAsync("xxxxxxxx");
        Assert.DoesNotContain('\u001b', screen);
        Assert.DoesNotContain('\u0007', screen);
        Assert.Contains("mallory?[2J", screen);
        Assert.All(screen.Split('\n'), row => Assert.True(row.TrimEnd().Length <= 80, row));
    }
}

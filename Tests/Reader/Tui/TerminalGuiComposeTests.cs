using Terminal.Gui.Input;

namespace Maildriver.Tests.Reader.Tui;

/// <summary>
/// The compose dialog on Terminal.Gui, headless: a bordered dialog with To, Subject and a multi-line body and its keys
/// in the bottom edge, drawn again at each size when the terminal is resized mid-letter, the letter kept.
/// </summary>
public sealed class TerminalGuiComposeTests
{
    [Fact]
    public async Task MOpensABorderedDialogWithToSubjectAMultiLineBodyAndItsKeys()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());

        r.Press('m');
        var rows = (await r.ScreenWithAsync("┌─ New letter ─")).Split('\n');
        Assert.StartsWith("┌─ New letter ─", rows[1]);
        Assert.EndsWith("┐", rows[1].TrimEnd());
        Assert.StartsWith("│> To:", rows[2]);
        Assert.StartsWith("│  Subject:", rows[3]);
        Assert.StartsWith("├─ Body ─", rows[4]);
        Assert.StartsWith("└─ C-e: $EDITOR  Tab: next field  Esc: review ─", rows[21]);
        Assert.All(rows[2..21].Where(row => !row.StartsWith('├')), row => Assert.Equal('│', row.TrimEnd()[^1]));

        r.Press("mary", Key.Tab, "Lunch?", Key.Tab, "Noon at the Ratty.", Key.Enter, "Bring a friend.");
        rows = (await r.ScreenWithAsync("│Bring a friend.")).Split('\n');
        Assert.StartsWith("│  To:      mary", rows[2]);
        Assert.StartsWith("│  Subject: Lunch?", rows[3]);
        Assert.StartsWith("│Noon at the Ratty.", rows[5]);
        Assert.StartsWith("│Bring a friend.", rows[6]);
    }

    [Fact]
    public async Task AResizeMidLetterRedrawsTheDialogAtEachSizeAndKeepsTheLetter()
    {
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, ReaderDriver.Morning());
        r.Press('m', "mary", Key.Tab, "Resized", Key.Tab, "First line.", Key.Enter, "Second");

        r.Resize(50, 14);
        var rows = (await r.ScreenAsync(s => DialogDrawnAt(s, 50), "the dialog at 50x14")).Split('\n');
        Assert.StartsWith("┌─ New letter ─", rows[1]);
        Assert.Equal('┐', rows[1][49]);
        Assert.StartsWith("└─ C-e: $EDITOR", rows[11]);
        Assert.Equal('┘', rows[11].TrimEnd()[^1]);
        Assert.Equal(50, rows[11].TrimEnd().Length);
        Assert.StartsWith("│First line.", rows[5]);

        // 40x12 still has the whole dialog; below the reader's minimum only a note shows, the letter kept.
        r.Resize(40, 12);
        rows = (await r.ScreenAsync(s => DialogDrawnAt(s, 40), "the dialog at 40x12")).Split('\n');
        Assert.StartsWith("└─ C-e: $EDITOR", rows[9]);
        r.Resize(15, 6);
        await r.ScreenAsync(s => s.StartsWith("Terminal too s", StringComparison.Ordinal), "the too-small note");

        r.Resize(60, 20);
        await r.ScreenAsync(s => DialogDrawnAt(s, 60), "the dialog at 60x20");
        r.Press(" and last.", Key.Esc);
        await r.ScreenWithAsync("y send");
        r.Press('y');
        await r.ScreenWithAsync("Sent \"Resized\"");
        var sent = Assert.Single(r.Mail.Sent);
        Assert.Equal(["mary"], sent.To);
        Assert.Equal("First line.\nSecond and last.", sent.Body);
    }

    // The dialog redrawn at the new width: its top edge ends in its corner there. The screen of the old size, clipped
    // to the new one, has a top edge of the new length too, but cut off in mid-line.
    private static bool DialogDrawnAt(string screen, int width)
    {
        var rows = screen.Split('\n');
        return rows.Length > 1 && rows[1].TrimEnd() is { } top && top.Length == width && top[^1] == '┐'
            && screen.Contains("│Second", StringComparison.Ordinal);
    }
}

using System.Text;
using Maildriver.Client.Reader;
using Maildriver.Tests.Support;
using Xunit.Sdk;

namespace Maildriver.Tests.Reader;

/// <summary>
/// The screens drawn at fixed sizes as plain text, compared exactly with the committed snapshot of each size
/// (<c>Tests/Reader/Snapshots/WxH.txt</c>), and the rows that matter checked line by line. To accept a deliberate
/// change of the screens, run with MAILDRIVER_UPDATE_SNAPSHOTS=1 and review the diff before committing it.
/// </summary>
public sealed class ReaderViewSnapshotTests
{
    private static readonly ReaderView View = new(TimeZoneInfo.Utc);

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 15)]
    public void EveryScreenMatchesItsSnapshot(int width, int height)
    {
        var size = new TerminalSize(width, height);
        var actual = Render(size);
        var path = Path.Combine(RepositoryRoot.Path, "Tests", "Reader", "Snapshots", $"{size}.txt");
        if (Environment.GetEnvironmentVariable("MAILDRIVER_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "(no snapshot yet)";
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
            throw new XunitException(
                $"{path} differs at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "(end)")}\n  actual:   {(line < a.Length ? a[line] : "(end)")}\n\nactual screens:\n{actual}");
        }
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 15)]
    [InlineData(20, 8)]
    [InlineData(132, 50)]
    public void EveryRowIsExactlyAsWideAsTheTerminalAndHoldsNoControlCharacter(int width, int height)
    {
        foreach (var (name, state) in ReaderScenes.All(new TerminalSize(width, height)))
        {
            var frame = View.Render(state);
            Assert.Equal(height, frame.Rows.Count);
            for (var i = 0; i < frame.Rows.Count; i++)
            {
                var text = frame.Rows[i].Text;
                Assert.True(Cells.Width(text) == width, $"{name}: row {i} is {Cells.Width(text)} cells wide: '{text}'");
                Assert.False(text.Any(char.IsControl), $"{name}: row {i} has a control character: '{text}'");
            }

            if (frame.Cursor is { } cursor)
            {
                Assert.InRange(cursor.Row, 0, height - 1);
                Assert.InRange(cursor.Column, 0, width - 1);
            }
        }
    }

    [Fact]
    public void TheListAt80x24ShowsMarkerFlagDateSenderAndSubjectAndTheStatusLineEverything()
    {
        var frame = View.Render(ReaderScenes.Inbox(new TerminalSize(80, 24)).State);

        Assert.Equal(" q:Quit  Enter:Read  m:Mail  r:Reply  d:Del  /:Search  $:Refresh  ?:Help", frame.Row(0));
        Assert.Equal("    Nov 21 09:30  mary              Lunch at the Ratty?", frame.Row(1));
        Assert.Equal("> N Nov 21 10:35  registrar         [red]Grades are posted[/]", frame.Row(2));
        Assert.Equal("  N Nov 22 10:30  a-very-long-sen…  A subject long enough that it has to be cut…", frame.Row(3));
        Assert.Equal(" MAIL | john@MD3 | connected | 3 letters, 2 unread | Master MD1", frame.Row(22));
        Assert.Equal("", frame.Row(23));
        Assert.Null(frame.Cursor);
    }

    [Fact]
    public void ThePaneShowsTheHeadersAndTheBodyWithItsControlCharactersMarked()
    {
        var frame = View.Render(ReaderScenes.All(new TerminalSize(80, 24)).Single(s => s.Name == "pager").State);

        Assert.Equal("── registrar: [red]Grades are posted[/] ─────────────────────────────── 1-7/7 ──", frame.Row(8));
        Assert.Equal("From: registrar", frame.Row(9));
        Assert.Equal("Date: 2026-11-21 10:35", frame.Row(11));
        Assert.Equal("See ?[31mthe registrar?[0m's page.      Thank you.", frame.Row(15));
        Assert.Equal(" MAIL | john@MD3 | connected | 3 letters, 1 unread | Master MD1", frame.Row(22));
    }

    [Fact]
    public void At60x15TheListDropsTheTimeAndTheStatusLineItsLeastUsefulParts()
    {
        var frame = View.Render(ReaderScenes.All(new TerminalSize(60, 15)).Single(s => s.Name == "mail-while-reconnecting").State);

        Assert.Equal("> N Nov 21  registrar     [red]Grades are posted[/]", frame.Row(2));
        // Too narrow for all of it: the counts and the Master go, the light, the machine and the connection stay.
        Assert.Equal(" MAIL | john@MD3 | reconnecting to MD1…", frame.Row(13));
        Assert.Equal("New mail from mary: \"Re: Lunch at the Ratty?\"", frame.Row(14));
    }

    [Fact]
    public void ThePasswordIsMaskedAndTheCursorSitsInItsField()
    {
        var frame = View.Render(ReaderDriver.AtLogin().State);

        Assert.Equal("> Password  *******", frame.Row(6));
        Assert.DoesNotContain("john-pw", frame.ToPlainText());
        Assert.Equal((6, 19), frame.Cursor);
    }

    [Fact]
    public void ComposeShowsTheCursorWhereTypingGoes()
    {
        var frame = View.Render(ReaderScenes.All(new TerminalSize(80, 24)).Single(s => s.Name == "compose").State);

        // A bordered dialog between the hint line and the status line; the keys in its bottom edge.
        Assert.StartsWith("┌─ New letter ─", frame.Row(1));
        Assert.EndsWith("┐", frame.Row(1));
        Assert.StartsWith("│  To:      registrar ", frame.Row(2));
        Assert.EndsWith("│", frame.Row(2));
        Assert.StartsWith("│  Subject: Re: [red]Grades are posted[/]", frame.Row(3));
        Assert.StartsWith("├─ Body ─", frame.Row(4));
        Assert.StartsWith("│registrar wrote:", frame.Row(5));
        Assert.StartsWith("│See you there.", frame.Row(9));
        Assert.StartsWith("└─ C-e: $EDITOR  Tab: next field  Esc: review ─", frame.Row(21));
        Assert.All(frame.Rows, r => Assert.Equal(80, Cells.Width(r.Text)));
        Assert.Equal((9, 15), frame.Cursor);
    }

    [Fact]
    public void ASmallerTerminalThanTheReaderNeedsSaysSo()
    {
        var frame = View.Render(ReaderScenes.Inbox(new TerminalSize(19, 5)).State);
        Assert.Equal("Terminal too small…", frame.Row(0));
        Assert.Equal(5, frame.Rows.Count);
    }

    private static string Render(TerminalSize size)
    {
        var sb = new StringBuilder();
        foreach (var (name, state) in ReaderScenes.All(size))
        {
            var frame = View.Render(state);
            var cursor = frame.Cursor is { } c ? $" (cursor {c.Row},{c.Column})" : string.Empty;
            sb.Append($"=== {name}{cursor} ===\n").Append(frame.ToPlainText());
        }

        return sb.ToString();
    }
}

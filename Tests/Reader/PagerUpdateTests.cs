using Maildriver.Client.Reader;

namespace Maildriver.Tests.Reader;

/// <summary>Keys in the reading pane.</summary>
public sealed class PagerUpdateTests
{
    // 80x24 with a letter open: list rows 1-7, separator on 8, pane rows 9-21 (13 rows). The letter has 4 header
    // rows, a blank and 100 body rows: 105 rows, so the pane scrolls from 0 to 92.
    private static ReaderDriver Reading()
        => ReaderDriver.WithLetters(ListUpdateTests.Long(100), ReaderDriver.Letter("next", "bob", "After", read: true, minutes: 1))
            .Press('g', ConsoleKey.Enter);

    [Fact]
    public void JAndDownAndEnterScrollALineKAndUpBack()
    {
        var d = Reading();
        Assert.Equal(3, d.Press('j', ConsoleKey.DownArrow, ConsoleKey.Enter).State.PaneScroll);
        Assert.Equal(1, d.Press('k', ConsoleKey.UpArrow).State.PaneScroll);
        Assert.Equal(0, d.Press('k', 'k').State.PaneScroll);
    }

    [Fact]
    public void SpaceAndPageDownTurnAPageLessALineMinusBAndPageUpTurnBack()
    {
        var d = Reading();
        Assert.Equal(12, d.Press(' ').State.PaneScroll);
        Assert.Equal(24, d.Press(ConsoleKey.PageDown).State.PaneScroll);
        Assert.Equal(12, d.Press('-').State.PaneScroll);
        Assert.Equal(0, d.Press('b').State.PaneScroll);
        Assert.Equal(0, d.Press(ConsoleKey.PageUp).State.PaneScroll);
    }

    [Fact]
    public void GAndCapitalGGoToTheTopAndTheEndWhichStaysFull()
    {
        var d = Reading();
        Assert.Equal(92, d.Press('G').State.PaneScroll);
        Assert.Equal(92, d.Press('j').State.PaneScroll);
        Assert.Equal(0, d.Press('g').State.PaneScroll);
        Assert.Equal(92, d.Press(ConsoleKey.End).State.PaneScroll);
        Assert.Equal(0, d.Press(ConsoleKey.Home).State.PaneScroll);
    }

    [Fact]
    public void NAndJOpenTheNextLetterPAndKThePreviousAndTheEndsSaySo()
    {
        var d = Reading().Press('n');
        Assert.Equal(("next", 0), (d.State.OpenId, d.State.PaneScroll));
        Assert.Equal("next", d.State.Mailbox.Selected!.Id);
        Assert.Equal("No next letter.", d.Press('J').Flash);
        Assert.Equal("long", d.Press('p').State.OpenId);
        Assert.Equal("No previous letter.", d.Press('K').Flash);
    }

    [Theory]
    [InlineData('q')]
    [InlineData('i')]
    public void QAndIGoBackToTheListWithTheLetterStillInThePane(char key)
    {
        var d = Reading().Press(key);
        Assert.Equal((Screen.Index, "long"), (d.State.Screen, d.State.OpenId));
    }

    [Theory]
    [InlineData(ConsoleKey.Escape)]
    [InlineData(ConsoleKey.LeftArrow)]
    public void EscapeAndLeftGoBackToTheList(ConsoleKey key) => Assert.Equal(Screen.Index, Reading().Press(key).State.Screen);

    [Fact]
    public void RRepliesToTheOpenLetterDAsksToDeleteItMWritesANewOne()
    {
        Assert.Equal("Re: Long", Reading().Press('r').State.Draft!.Subject.Text);
        Assert.Equal(new Prompt.ConfirmDelete("long", "Delete \"Long\" from mary? (y/n)"), Reading().Press('d').State.Prompt);
        Assert.Equal(DraftField.To, Reading().Press('m').State.Draft!.Focus);
    }

    [Fact]
    public void DeletingTheOpenLetterClosesThePane()
    {
        var d = Reading().Press('d', 'y').Send(new ReaderMessage.Deleted("long"));

        Assert.Equal(Screen.Index, d.State.Screen);
        Assert.Null(d.State.OpenId);
        Assert.Equal("next", d.State.Mailbox.Selected!.Id);
    }

    [Fact]
    public void DollarRefreshesFromThePagerToo() => Assert.Contains(new ReaderEffect.Receive(), Reading().Press('$').Effects);

    [Fact]
    public void AShorterTerminalKeepsTheScrollInsideTheLetter()
    {
        var d = Reading().Press('G').Send(new ReaderMessage.Resized(new TerminalSize(80, 40)));
        // 40 rows: body 37, list 12, pane 24 rows; 105 - 24 = 81.
        Assert.Equal(81, d.State.PaneScroll);
    }
}

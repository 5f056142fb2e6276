using Maildriver.Client.Reader;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Reader;

/// <summary>The message list's keys, the search, and deleting.</summary>
public sealed class ListUpdateTests
{
    private static ReaderDriver Morning() => ReaderDriver.WithLetters(ReaderDriver.Morning());

    private static string? Selected(ReaderDriver d) => d.State.Mailbox.Selected?.Id;

    [Fact]
    public void TheFirstReceivePutsTheCursorOnTheFirstUnreadLetter() => Assert.Equal("MD1.2", Selected(Morning()));

    [Fact]
    public void WithNothingUnreadTheCursorStartsOnTheNewestLetter()
    {
        var d = ReaderDriver.WithLetters(ReaderDriver.Letter("a", "mary", "Old", read: true), ReaderDriver.Letter("b", "mary", "New", read: true, minutes: 1));
        Assert.Equal("b", Selected(d));
    }

    [Theory]
    [InlineData('j', "MD2.3")]
    [InlineData('k', "MD1.1")]
    [InlineData('g', "MD1.1")]
    [InlineData('G', "MD2.3")]
    public void LetterKeysMoveTheCursor(char key, string expected) => Assert.Equal(expected, Selected(Morning().Press(key)));

    [Theory]
    [InlineData(ConsoleKey.DownArrow, "MD2.3")]
    [InlineData(ConsoleKey.UpArrow, "MD1.1")]
    [InlineData(ConsoleKey.Home, "MD1.1")]
    [InlineData(ConsoleKey.End, "MD2.3")]
    public void ArrowAndHomeEndKeysMoveTheCursor(ConsoleKey key, string expected) => Assert.Equal(expected, Selected(Morning().Press(key)));

    [Fact]
    public void TheCursorStopsAtBothEnds()
    {
        Assert.Equal("MD2.3", Selected(Morning().Press('j', 'j', 'j', 'j')));
        Assert.Equal("MD1.1", Selected(Morning().Press('k', 'k', 'k')));
    }

    [Fact]
    public void PageDownAndPageUpMoveByTheListsHeight()
    {
        var letters = Enumerable.Range(0, 50).Select(i => ReaderDriver.Letter($"L{i:00}", "mary", $"Letter {i}", read: true, minutes: i)).ToArray();
        var d = ReaderDriver.WithLetters(letters).Press('g', ConsoleKey.PageDown);

        // 80x24 with no letter open: rows 1-21 are the list.
        Assert.Equal(21, d.State.Mailbox.Cursor);
        Assert.Equal(0, d.Press(ConsoleKey.PageUp).State.Mailbox.Cursor);
    }

    [Fact]
    public void EnterOpensTheLetterInThePaneAndReadsItFromTheServer()
    {
        var d = Morning().Press(ConsoleKey.Enter);

        Assert.Equal(Screen.Pager, d.State.Screen);
        Assert.Equal("MD1.2", d.State.OpenId);
        Assert.Equal(new ReaderEffect.Read("MD1.2"), d.Single<ReaderEffect.Read>());
        // Read only when the server says so.
        Assert.False(d.State.OpenLetter!.Read);

        d.Send(new ReaderMessage.LetterRead(ReaderDriver.Letter("MD1.2", "alice", "Spam one", "Buy now.", read: true, minutes: 5)));
        Assert.True(d.State.OpenLetter!.Read);
        Assert.Equal(1, d.State.Mailbox.Unread);
    }

    [Fact]
    public void RightArrowOpensToo() => Assert.Equal(Screen.Pager, Morning().Press(ConsoleKey.RightArrow).State.Screen);

    [Fact]
    public void ALetterAlreadyReadWithItsBodyAtHandOpensWithoutARequest()
        => Assert.Empty(Morning().Press('g', ConsoleKey.Enter).Effects);

    [Fact]
    public void ALetterKnownOnlyFromAListIsFetchedEvenIfRead()
    {
        var d = ReaderDriver.WithLetters(ReaderDriver.Letter("x", "mary", "No body yet", body: null, read: true)).Press(ConsoleKey.Enter);
        Assert.Equal(new ReaderEffect.Read("x"), d.Single<ReaderEffect.Read>());
    }

    [Fact]
    public void AFailedReadSaysWhy()
    {
        var d = Morning().Press(ConsoleKey.Enter).Send(new ReaderMessage.ReadFailed("MD1.2", new Failure(FailureKind.Refused, "no letter 'MD1.2' in your inbox")));
        Assert.Equal("Could not read the letter: no letter 'MD1.2' in your inbox", d.Flash);
    }

    [Fact]
    public void DAsksFirstAndYDeletesWhileTheLetterShowsAsGoing()
    {
        var d = Morning().Press('d');

        Assert.Equal(new Prompt.ConfirmDelete("MD1.2", "Delete \"Spam one\" from alice? (y/n)"), d.State.Prompt);
        Assert.Empty(d.Effects);

        d.Press('y');
        Assert.Null(d.State.Prompt);
        Assert.Equal(new ReaderEffect.Delete("MD1.2"), d.Single<ReaderEffect.Delete>());
        Assert.True(d.State.Mailbox.Find("MD1.2")!.Deleting);

        d.Send(new ReaderMessage.Deleted("MD1.2"));
        Assert.Null(d.State.Mailbox.Find("MD1.2"));
        Assert.Equal("Deleted \"Spam one\".", d.Flash);
        // The cursor stays on the same row, which now holds the next letter.
        Assert.Equal("MD2.3", Selected(d));
    }

    [Fact]
    public void AnyOtherAnswerToTheQuestionKeepsTheLetter()
    {
        var d = Morning().Press('d', 'n');

        Assert.Empty(d.Effects);
        Assert.Equal("Not deleted.", d.Flash);
        Assert.False(d.State.Mailbox.Find("MD1.2")!.Deleting);
    }

    [Fact]
    public void AFailedDeleteBringsTheLetterBackAndSaysWhy()
    {
        var d = Morning().Press('d', 'y').Send(new ReaderMessage.DeleteFailed("MD1.2", new Failure(FailureKind.Unknown, "timed out")));

        Assert.False(d.State.Mailbox.Find("MD1.2")!.Deleting);
        Assert.Equal("Not deleted: timed out", d.Flash);
    }

    [Fact]
    public void ALetterBeingDeletedIsNotAskedAboutTwice()
        => Assert.Equal("Already being deleted.", Morning().Press('d', 'y', 'd').Flash);

    [Fact]
    public void ADeletedLetterDoesNotComeBackFromAMachineTheDeleteHasNotReached()
    {
        var d = Morning().Press('d', 'y').Send(new ReaderMessage.Deleted("MD1.2"));

        d.Send(new ReaderMessage.Received(ReaderDriver.Morning(), Partial: false));
        d.Send(new ReaderMessage.Polled(true, ReaderDriver.Morning()));

        Assert.Equal(["MD1.1", "MD2.3"], d.State.Mailbox.Letters.Select(l => l.Id));
    }

    [Fact]
    public void SlashFiltersAsYouTypeEnterKeepsTheSearchEscapeInTheListClearsIt()
    {
        var d = Morning().Press('/', "SPAM");

        Assert.Equal(new Prompt.Search(new TextField("SPAM", 4), null), d.State.Prompt);
        Assert.Equal(["MD1.2", "MD2.3"], d.State.Mailbox.Visible.Select(l => l.Id));

        d.Press(ConsoleKey.Enter);
        Assert.Null(d.State.Prompt);
        Assert.Equal("SPAM", d.State.Mailbox.Filter);

        d.Press(ConsoleKey.Escape);
        Assert.Null(d.State.Mailbox.Filter);
        Assert.Equal(3, d.State.Mailbox.Visible.Count);
    }

    [Fact]
    public void TheSearchMatchesSendersToo() => Assert.Equal(["MD2.3"], Morning().Press('/', "bob").State.Mailbox.Visible.Select(l => l.Id));

    [Fact]
    public void EscapeInTheSearchPutsBackTheSearchBefore()
    {
        var d = Morning().Press('/', "spam", ConsoleKey.Enter, '/', ConsoleKey.Backspace, ConsoleKey.Backspace, ConsoleKey.Backspace, ConsoleKey.Backspace, "keep");
        Assert.Equal(["MD1.1"], d.State.Mailbox.Visible.Select(l => l.Id));

        d.Press(ConsoleKey.Escape);
        Assert.Null(d.State.Prompt);
        Assert.Equal("spam", d.State.Mailbox.Filter);
    }

    [Fact]
    public void ASearchThatMatchesNothingSaysSo()
        => Assert.Equal("No letter matches \"zzz\"; Esc shows them all.", Morning().Press('/', "zzz", ConsoleKey.Enter).Flash);

    [Fact]
    public void DollarAndCtrlLReceiveEverythingAndRedraw()
    {
        foreach (var key in new object[] { '$', Keys.Ctrl('l') })
        {
            var d = Morning().Press(key);
            Assert.Equal([new ReaderEffect.Receive(), new ReaderEffect.Redraw()], d.Effects);
            Assert.True(d.State.Receiving);
        }
    }

    [Fact]
    public void ASecondRefreshWhileReceivingDoesNotAskAgain()
    {
        var d = Morning().Press('$').Press('$');
        Assert.Equal([new ReaderEffect.Redraw()], d.Effects);
        Assert.Equal("Still receiving…", d.Flash);
    }

    [Fact]
    public void QuestionMarkShowsTheHelpAndQGoesBackWhereItCameFrom()
    {
        var d = Morning().Press('?');
        Assert.Equal(Screen.Help, d.State.Screen);
        Assert.Equal(Screen.Index, d.Press('q').State.Screen);

        d.Press(ConsoleKey.Enter, '?');
        Assert.Equal(Screen.Help, d.State.Screen);
        Assert.Equal(Screen.Pager, d.Press(ConsoleKey.Escape).State.Screen);
    }

    [Fact]
    public void TheHelpScrollsWithinItsLength()
    {
        var d = ReaderDriver.WithLetters(new TerminalSize(60, 15), ReaderDriver.Morning()).Press('?', 'k');
        Assert.Equal(0, d.State.HelpScroll);

        for (var i = 0; i < 200; i++)
        {
            d.Press('j');
        }

        Assert.Equal(HelpText.MaxScroll(new TerminalSize(60, 15)), d.State.HelpScroll);
        Assert.True(d.State.HelpScroll > 0);
    }

    [Fact]
    public void QInTheListQuits() => Assert.IsType<ReaderEffect.Quit>(Assert.Single(Morning().Press('q').Effects));

    [Fact]
    public void AKeyThatDoesNothingSaysWhereHelpIsAndTheNextKeyClearsIt()
    {
        var d = Morning().Press('z');
        Assert.Equal("Key 'z' does nothing here; ? for help.", d.Flash);
        Assert.Null(d.Press('j').Flash);
    }

    [Fact]
    public void KeysOnAnEmptyListSayThereIsNoLetter()
    {
        var d = ReaderDriver.WithLetters();
        foreach (var key in new object[] { ConsoleKey.Enter, 'r', 'd' })
        {
            Assert.Equal("No letter here.", d.Press(key).Flash);
            Assert.Empty(d.Effects);
        }
    }

    [Fact]
    public void CtrlCOrASignalQuitsFromAnywhere()
    {
        var d = Morning().Press('m', "mary");
        Assert.IsType<ReaderEffect.Quit>(Assert.Single(d.Send(new ReaderMessage.Interrupted()).Effects));
    }

    [Fact]
    public void MInTheListBeginsALetterAndRRepliesToTheOneUnderTheCursor()
    {
        Assert.Equal(Screen.Compose, Morning().Press('m').State.Screen);
        var reply = Morning().Press('r').State.Draft!;
        Assert.Equal(("alice", "Re: Spam one"), (reply.To.Text, reply.Subject.Text));
    }

    internal static LetterView Long(int lines)
        => ReaderDriver.Letter("long", "mary", "Long", string.Join('\n', Enumerable.Range(1, lines).Select(i => $"line {i}")));

    [Fact]
    public void TheListIsNewestFirstAndOTurnsItKeepingTheCursorOnItsLetter()
    {
        var d = ReaderDriver.NewestFirst(ReaderDriver.Morning());
        Assert.Equal(["MD2.3", "MD1.2", "MD1.1"], d.State.Mailbox.Visible.Select(l => l.Id));
        Assert.Equal("MD2.3", d.State.Mailbox.Selected!.Id);

        d.Press('j', 'o');
        Assert.Equal(["MD1.1", "MD1.2", "MD2.3"], d.State.Mailbox.Visible.Select(l => l.Id));
        Assert.Equal("MD1.2", d.State.Mailbox.Selected!.Id);
        Assert.Equal("Oldest letters first.", d.Flash);

        d.Press('o');
        Assert.Equal(["MD2.3", "MD1.2", "MD1.1"], d.State.Mailbox.Visible.Select(l => l.Id));
        Assert.Equal("Newest letters first.", d.Flash);
    }

    [Fact]
    public void AfterASendTheListComesBackWithoutTheLetterReadBefore()
    {
        var d = Morning().Press(ConsoleKey.Enter, 'q');
        Assert.Equal((Screen.Index, "MD1.2"), (d.State.Screen, d.State.OpenId));

        d.Press('m', "bob", ConsoleKey.Tab, "Hi", ConsoleKey.Tab, "x", ConsoleKey.Escape, 'y');
        var send = Assert.IsType<ReaderEffect.Send>(Assert.Single(d.Effects));
        d.Send(new ReaderMessage.Sent(send.Request.SubmissionId, "MD3.9"));

        Assert.Equal((Screen.Index, (string?)null), (d.State.Screen, d.State.OpenId));
        Assert.Equal(-1, ReaderLayout.For(d.State).SeparatorRow);
    }
}

using Maildriver.Client.Reader;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Reader;

/// <summary>Answers from the cluster: receives, the background poll and its MAIL light, and the connection's ups and downs.</summary>
public sealed class AnswerUpdateTests
{
    private static ReaderDriver Morning() => ReaderDriver.WithLetters(ReaderDriver.Morning());

    [Fact]
    public void ThePollIsDueOnlyWhenLoggedInAndNotAlreadyPolling()
    {
        Assert.Empty(ReaderDriver.AtLogin().Send(new ReaderMessage.PollDue()).Effects);

        // No push in place: the poll, and another try at the subscription.
        var d = Morning().Send(new ReaderMessage.PollDue());
        Assert.Equal([new ReaderEffect.Poll(), new ReaderEffect.Watch()], d.Effects);
        Assert.True(d.State.Polling);
        Assert.Empty(d.Send(new ReaderMessage.PollDue()).Effects);

        d.Send(new ReaderMessage.Polled(false, null));
        Assert.False(d.State.Polling);
        Assert.Equal([new ReaderEffect.Poll(), new ReaderEffect.Watch()], d.Send(new ReaderMessage.PollDue()).Effects);
    }

    [Fact]
    public void APollThatFindsNewLettersLightsMailRingsTheBellAndListsThem()
    {
        var d = ReaderDriver.NewestFirst(ReaderDriver.Morning()).Send(new ReaderMessage.PollDue());
        var fresh = ReaderDriver.Letter("MD1.9", "mary", "Lunch?", body: null, minutes: 20);

        d.Send(new ReaderMessage.Polled(true, [.. ReaderDriver.Morning().Select(l => l with { Body = null }), fresh]));

        Assert.True(d.State.MailLight);
        Assert.Equal([new ReaderEffect.Bell()], d.Effects);
        Assert.Equal("New mail from mary: \"Lunch?\"", d.Flash);
        // Newest first: the new letter goes on top.
        Assert.Equal(["MD1.9", "MD2.3", "MD1.2", "MD1.1"], d.State.Mailbox.Letters.Select(l => l.Id));
        // The poll's list has no bodies; what was known is kept.
        Assert.Equal("A letter worth keeping.", d.State.Mailbox.Find("MD1.1")!.Body);
        // The cursor stays on the letter the user was on (the first unread at login), not on the same row.
        Assert.Equal("MD2.3", d.State.Mailbox.Selected!.Id);
    }

    [Fact]
    public void SeveralNewLettersAreCounted()
    {
        var d = Morning().Send(new ReaderMessage.Polled(true, [ReaderDriver.Letter("a", "x", "1", minutes: 30), ReaderDriver.Letter("b", "y", "2", minutes: 31)]));
        Assert.Equal("2 new letters.", d.Flash);
    }

    [Fact]
    public void APollWithNothingNewIsQuiet()
    {
        var d = Morning().Send(new ReaderMessage.Polled(true, ReaderDriver.Morning()));
        Assert.Empty(d.Effects);
        Assert.Null(d.Flash);
    }

    [Fact]
    public void TheMailLightIsOnExactlyWhileALetterIsUnread()
    {
        // Logging in to letters already read: no light.
        var d = ReaderDriver.WithLetters(ReaderDriver.Letter("MD1.1", "mary", "Old", read: true));
        Assert.False(d.State.MailLight);

        // New mail lights it; receiving everything again does not put it out while the letter is unread.
        d.Send(new ReaderMessage.Polled(true, [ReaderDriver.Letter("n", "mary", "New", minutes: 30)]));
        Assert.True(d.State.MailLight);
        d.Press('$').Send(new ReaderMessage.Received([ReaderDriver.Letter("MD1.1", "mary", "Old", read: true), ReaderDriver.Letter("n", "mary", "New", minutes: 30)], false));
        Assert.True(d.State.MailLight);

        // Reading the last unread letter puts it out; the server's answer is what marks it read.
        d.Press('g', ConsoleKey.Enter);
        Assert.True(d.State.MailLight);
        d.Send(new ReaderMessage.LetterRead(ReaderDriver.Letter("n", "mary", "New", read: true, minutes: 30)));
        Assert.False(d.State.MailLight);
    }

    [Fact]
    public void LoggingInWithUnreadLettersLightsMail()
    {
        var d = ReaderDriver.WithLetters(Enumerable.Range(1, 14).Select(i => ReaderDriver.Letter($"MD1.{i}", "mary", $"Letter {i}", minutes: i)).ToArray());
        Assert.True(d.State.MailLight);
        Assert.StartsWith(" MAIL | john@MD3 | connected | 14 letters, 14 unread", StatusLine.Build(d.State, 80).Text);
    }

    [Fact]
    public void ANewLetterDoesNotInterruptAQuestion()
    {
        var d = Morning().Press('d').Send(new ReaderMessage.Polled(true, [ReaderDriver.Letter("n", "mary", "New", minutes: 30)]));
        Assert.Null(d.Flash);
        Assert.IsType<Prompt.ConfirmDelete>(d.State.Prompt);
        Assert.True(d.State.MailLight);
    }

    [Fact]
    public void AFullReceiveReplacesTheListButNeverUnreadsALetterReadHere()
    {
        var d = Morning().Press(ConsoleKey.Enter).Send(new ReaderMessage.LetterRead(ReaderDriver.Letter("MD1.2", "alice", "Spam one", "Buy now.", read: true, minutes: 5)));

        // An answer from a machine the read has not reached yet.
        d.Press('$').Send(new ReaderMessage.Received(ReaderDriver.Morning(), false));

        Assert.True(d.State.Mailbox.Find("MD1.2")!.Read);
        Assert.False(d.State.Receiving);
    }

    [Fact]
    public void APartialReceiveSaysLettersAreStillOnTheirWay()
        => Assert.Equal("Some letters are still on their way; $ again shortly.", Morning().Press('$').Send(new ReaderMessage.Received([], Partial: true)).Flash);

    [Fact]
    public void ALetterGoneFromAReceiveLeavesThePane()
    {
        var d = Morning().Press(ConsoleKey.Enter).Send(new ReaderMessage.Received([ReaderDriver.Morning()[0]], false));
        Assert.Null(d.State.OpenId);
        Assert.Equal(Screen.Index, d.State.Screen);
    }

    [Fact]
    public void AFailedReceiveKeepsTheCachedListAndSaysWhy()
    {
        var d = Morning().Press('$').Send(new ReaderMessage.ReceiveFailed(new Failure(FailureKind.Unknown, "timed out")));
        Assert.Equal(3, d.State.Mailbox.Letters.Count);
        Assert.Equal("Could not receive mail: timed out", d.Flash);
        Assert.False(d.State.Receiving);
    }

    [Fact]
    public void WhenTheGatewayChangesTheStatusSaysReconnectingToTheNextMachineAndAsksWhoItIs()
    {
        var d = Morning().Send(new ReaderMessage.MachinesLearned(new Dictionary<string, string> { ["127.0.0.1:30001"] = "MD1" }));

        d.Send(new ReaderMessage.GatewayChanging("127.0.0.1:30003", "127.0.0.1:30001"));
        Assert.Equal((LinkState.Reconnecting, "MD1"), (d.State.Connection.State, d.State.Connection.Target));
        Assert.Equal([new ReaderEffect.Greet(), new ReaderEffect.Watch()], d.Effects);
        Assert.Contains("reconnecting to MD1…", new ReaderView(TimeZoneInfo.Utc).Render(d.State).Row(22));

        // A second change before the answer greets no more (the greeting already goes to the current gateway), but
        // subscribes again: the subscription must end up on the machine the client stays on.
        Assert.Equal([new ReaderEffect.Watch()], d.Send(new ReaderMessage.GatewayChanging("127.0.0.1:30001", "127.0.0.1:30002")).Effects);
        Assert.Equal("127.0.0.1:30002", d.State.Connection.Target);

        d.Send(new ReaderMessage.Greeted(new ServerInfo("MD2", "MD2", 2), "127.0.0.1:30002"));
        Assert.Equal((LinkState.Connected, "MD2", "MD2", null), (d.State.Connection.State, d.State.Connection.Machine, d.State.Connection.Master, d.State.Connection.Target));
        Assert.Equal("MD2", d.State.Connection.NameOf("127.0.0.1:30002"));
    }

    [Fact]
    public void AGatewayChangeDuringTheLoginWaitsForTheLoginsAnswer()
    {
        var d = ReaderDriver.AtLogin().Press(ConsoleKey.Enter).Send(new ReaderMessage.GatewayChanging("127.0.0.1:30003", "127.0.0.1:30001"));
        Assert.Empty(d.Effects);
        Assert.Equal(LinkState.Offline, d.State.Connection.State);

        d.Send(new ReaderMessage.LoggedIn("john", "MD1", "127.0.0.1:30001"));
        Assert.Equal((LinkState.Connected, "MD1"), (d.State.Connection.State, d.State.Connection.Machine));
    }

    [Fact]
    public void WhenNoGatewayAnswersTheNextAnswerFindsOutWhereItCameFrom()
    {
        var d = Morning().Send(new ReaderMessage.PollFailed(new Failure(FailureKind.Unreachable, "no gateway answers")));
        Assert.Equal(LinkState.Unreachable, d.State.Connection.State);
        Assert.Contains("no gateway answers", new ReaderView(TimeZoneInfo.Utc).Render(d.State).Row(22));

        d.Send(new ReaderMessage.Polled(false, null));
        Assert.Equal([new ReaderEffect.Greet()], d.Effects);
        Assert.True(d.State.Greeting);
    }

    [Fact]
    public void AFailedGreetingThatReachesNobodyMarksTheLinkDown()
    {
        var d = Morning().Send(new ReaderMessage.GatewayChanging("a", "b")).Send(new ReaderMessage.GreetFailed(new Failure(FailureKind.Unreachable, "no gateway answers")));
        Assert.Equal(LinkState.Unreachable, d.State.Connection.State);
        Assert.False(d.State.Greeting);
    }

    [Fact]
    public void ATickMovesTheClockAndAResizeTheSize()
    {
        var d = Morning().Send(new ReaderMessage.Tick(ReaderDriver.T0.AddSeconds(3)));
        Assert.Equal(ReaderDriver.T0.AddSeconds(3), d.State.Now);
        Assert.Equal(new TerminalSize(60, 15), d.Send(new ReaderMessage.Resized(new TerminalSize(60, 15))).State.Size);
    }

    [Fact]
    public void EachTickAsksTheMachineWhoItIsSoADeadMachineShowsWithinASecond()
    {
        var d = Morning().Send(new ReaderMessage.MachinesLearned(new Dictionary<string, string> { ["127.0.0.1:30001"] = "MD1" }));

        d.Send(new ReaderMessage.Tick(ReaderDriver.T0.AddSeconds(1)));
        Assert.Equal([new ReaderEffect.Greet()], d.Effects);
        d.Send(new ReaderMessage.Tick(ReaderDriver.T0.AddSeconds(2)));
        Assert.Empty(d.Effects);

        // MD3 dies under that Hello: the client moves on, and the status line says so, naming the machine.
        d.Send(new ReaderMessage.GatewayChanging("127.0.0.1:30003", "127.0.0.1:30001"));
        Assert.Contains("john@MD3 | reconnecting to MD1…", StatusLine.Build(d.State, 80).Text);
        d.Send(new ReaderMessage.Greeted(new ServerInfo("MD1", "MD1", 2), "127.0.0.1:30001"));
        Assert.Contains("john@MD1 | connected", StatusLine.Build(d.State, 80).Text);
        d.Send(new ReaderMessage.Tick(ReaderDriver.T0.AddSeconds(3)));
        Assert.Equal([new ReaderEffect.Greet()], d.Effects);
    }

    [Fact]
    public void APushedChangeFetchesTheListAndBringsNewLettersReadFlagsAndDeletes()
    {
        var d = ReaderDriver.NewestFirst(ReaderDriver.Morning()).Send(new ReaderMessage.Watching(Renewed: false));
        Assert.True(d.State.Pushed);

        // With the push in place the poll only renews the subscription.
        Assert.Equal([new ReaderEffect.Watch()], d.Send(new ReaderMessage.PollDue()).Effects);

        Assert.Equal([new ReaderEffect.Sync()], d.Send(new ReaderMessage.MailboxChanged()).Effects);
        var morning = ReaderDriver.Morning();

        // MD2.3 has not reached the connected machine yet: a letter it never listed stays.
        d.Send(new ReaderMessage.Synced([morning[0], morning[1]]));
        Assert.Equal(["MD2.3", "MD1.2", "MD1.1"], d.State.Mailbox.Letters.Select(l => l.Id));
        d.Send(new ReaderMessage.Synced([.. morning]));
        Assert.Empty(d.Effects);

        // Now it was deleted elsewhere (listed before, not now), MD1.2 was read elsewhere, and MD1.9 came.
        d.Send(new ReaderMessage.Synced(
        [
            morning[0],
            morning[1] with { Read = true, Body = null },
            ReaderDriver.Letter("MD1.9", "mary", "Lunch?", body: null, minutes: 30),
        ]));

        Assert.Equal(["MD1.9", "MD1.2", "MD1.1"], d.State.Mailbox.Letters.Select(l => l.Id));
        Assert.True(d.State.Mailbox.Find("MD1.2")!.Read);
        Assert.Equal("Buy now.", d.State.Mailbox.Find("MD1.2")!.Body);
        Assert.Equal("New mail from mary: \"Lunch?\"", d.Flash);
        Assert.Equal([new ReaderEffect.Bell()], d.Effects);
        Assert.Contains("3 letters, 1 unread", StatusLine.Build(d.State, 80).Text);
    }

    [Fact]
    public void ALostPushFallsBackToThePollAndAMoveToAnotherMachineSubscribesThere()
    {
        var d = Morning().Send(new ReaderMessage.Watching(Renewed: false));
        d.Send(new ReaderMessage.GatewayChanging("127.0.0.1:30003", "127.0.0.1:30001"));
        Assert.False(d.State.Pushed);
        Assert.Contains(new ReaderEffect.Watch(), d.Effects);

        d.Send(new ReaderMessage.WatchFailed(new Failure(FailureKind.Unknown, "timed out")));
        Assert.Equal([new ReaderEffect.Poll(), new ReaderEffect.Watch()], d.Send(new ReaderMessage.PollDue()).Effects);
    }

    [Fact]
    public void ARenewalTheMachineDidNotHaveFetchesTheListForWhatThePushMissed()
    {
        var d = Morning().Send(new ReaderMessage.Watching(Renewed: false));
        Assert.Equal([new ReaderEffect.Watch()], d.Send(new ReaderMessage.PollDue()).Effects);

        // Still subscribed there: nothing was missed, nothing to fetch.
        Assert.Empty(d.Send(new ReaderMessage.Watching(Renewed: true)).Effects);

        // The machine had dropped the observer (or restarted): the letters it did not tell of come with the list.
        Assert.Equal([new ReaderEffect.Sync()], d.Send(new ReaderMessage.Watching(Renewed: false)).Effects);
        Assert.True(d.State.Pushed);
    }
}

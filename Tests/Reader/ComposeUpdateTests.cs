using Maildriver.Client.Reader;

namespace Maildriver.Tests.Reader;

/// <summary>Writing a letter, reviewing it, and sending it exactly once whatever happens on the way.</summary>
public sealed class ComposeUpdateTests
{
    private static ReaderDriver Writing() => ReaderDriver.WithLetters(ReaderDriver.Morning()).Press('m');

    private static ReaderDriver Reviewing()
        => Writing().Press("mary, bob", ConsoleKey.Tab, "Lunch?", ConsoleKey.Tab, "Noon", ConsoleKey.Enter, "at the Ratty.", ConsoleKey.Escape);

    [Fact]
    public void EachLetterGetsItsOwnSubmissionIdWhenItIsBegun()
    {
        var d = Writing();
        Assert.Equal((Screen.Compose, DraftField.To, "s.1"), (d.State.Screen, d.State.Draft!.Focus, d.State.Draft.SubmissionId));

        d.Press(ConsoleKey.Escape, 'q');
        Assert.Equal("s.2", d.Press('m').State.Draft!.SubmissionId);
    }

    [Fact]
    public void TabAndEnterMoveThroughTheFieldsAndEnterInTheBodyIsANewLine()
    {
        var draft = Reviewing().State.Draft!;

        Assert.Equal(("mary, bob", "Lunch?", "Noon\nat the Ratty."), (draft.To.Text, draft.Subject.Text, draft.Body.Text));
        Assert.Equal(["mary", "bob"], draft.Recipients);
    }

    [Fact]
    public void EnterInAOneLineFieldGoesToTheNext()
        => Assert.Equal(DraftField.Subject, Writing().Press("mary", ConsoleKey.Enter).State.Draft!.Focus);

    [Fact]
    public void ShiftTabGoesBackAndTabGoesRound()
    {
        var d = Writing();
        Assert.Equal(DraftField.Body, d.Press(Keys.ShiftTab).State.Draft!.Focus);
        Assert.Equal(DraftField.To, d.Press(ConsoleKey.Tab).State.Draft!.Focus);
    }

    [Fact]
    public void UpAndDownMoveBetweenLinesOfTheBodyAndOutOfItAtTheTop()
    {
        var d = Writing().Press(ConsoleKey.DownArrow, ConsoleKey.DownArrow, "one", ConsoleKey.Enter, "two");
        Assert.Equal(DraftField.Body, d.State.Draft!.Focus);

        d.Press(ConsoleKey.UpArrow);
        Assert.Equal((0, 3), (d.State.Draft!.Body.Line, d.State.Draft.Body.Column));
        d.Press(ConsoleKey.DownArrow);
        Assert.Equal(1, d.State.Draft!.Body.Line);
        d.Press(ConsoleKey.UpArrow, ConsoleKey.UpArrow);
        Assert.Equal(DraftField.Subject, d.State.Draft!.Focus);
        d.Press(ConsoleKey.UpArrow, ConsoleKey.UpArrow);
        Assert.Equal(DraftField.To, d.State.Draft!.Focus);
    }

    [Fact]
    public void EditingKeysWorkInEveryField()
    {
        var d = Writing().Press("hello world", Keys.Ctrl('w'));
        Assert.Equal("hello ", d.State.Draft!.To.Text);
        d.Press(ConsoleKey.LeftArrow, ConsoleKey.LeftArrow, ConsoleKey.Delete, ConsoleKey.Home, 'X', ConsoleKey.End, 'Y');
        Assert.Equal("Xhell Y", d.State.Draft!.To.Text);
        d.Press(ConsoleKey.LeftArrow, Keys.Ctrl('u'));
        Assert.Equal("Y", d.State.Draft!.To.Text);
        d.Press(Keys.Ctrl('a'), Keys.Ctrl('d'), ConsoleKey.RightArrow, 'Z');
        Assert.Equal("Z", d.State.Draft!.To.Text);
    }

    [Fact]
    public void CtrlEHandsTheBodyToTheEditorAndItsTextComesBackForReview()
    {
        var d = Writing().Press(ConsoleKey.Tab, ConsoleKey.Tab, "draft", Keys.Ctrl('e'));
        Assert.Equal(new ReaderEffect.RunEditor("draft"), d.Single<ReaderEffect.RunEditor>());

        d.Send(new ReaderMessage.EditorClosed("edited\n"));
        Assert.Equal((Screen.Review, "edited\n"), (d.State.Screen, d.State.Draft!.Body.Text));
        Assert.Equal("Body edited: y sends the letter, q abandons it.", d.Flash);
    }

    [Fact]
    public void AFailedEditorLeavesTheBodyAsItWas()
    {
        var d = Reviewing().Press('e').Send(new ReaderMessage.EditorFailed("the editor exited with code 1; the body is as it was"));
        Assert.Equal("Noon\nat the Ratty.", d.State.Draft!.Body.Text);
        Assert.Equal("Editor: the editor exited with code 1; the body is as it was", d.Flash);
    }

    [Fact]
    public void EscapeReviewsAndTSBAndEnterGoBackToAField()
    {
        Assert.Equal(Screen.Review, Reviewing().State.Screen);
        Assert.Equal(DraftField.To, Reviewing().Press('t').State.Draft!.Focus);
        Assert.Equal(DraftField.Subject, Reviewing().Press('s').State.Draft!.Focus);
        Assert.Equal(DraftField.Body, Reviewing().Press('b').State.Draft!.Focus);
        var d = Reviewing().Press(ConsoleKey.Enter);
        Assert.Equal((Screen.Compose, DraftField.Body), (d.State.Screen, d.State.Draft!.Focus));
    }

    [Fact]
    public void EOnTheReviewScreenRunsTheEditorOnTheBody()
        => Assert.Equal(new ReaderEffect.RunEditor("Noon\nat the Ratty."), Reviewing().Press('e').Single<ReaderEffect.RunEditor>());

    [Fact]
    public void YSendsTheLetterAsItStandsWithItsSubmissionId()
    {
        var d = Reviewing().Press('y');

        Assert.Equal(Screen.Sending, d.State.Screen);
        var request = d.Single<ReaderEffect.Send>().Request;
        Assert.Equal(["mary", "bob"], request.To);
        Assert.Equal(("Lunch?", "Noon\nat the Ratty.", "s.1"), (request.Subject, request.Body, request.SubmissionId));
        Assert.Equal(ReaderDriver.T0, d.State.SendingSince);
    }

    [Fact]
    public void ALetterWithNoRecipientIsNotSent()
    {
        var d = Writing().Press(ConsoleKey.Escape, 'y');
        Assert.Empty(d.Effects);
        Assert.Equal("No recipients: t to add some.", d.Flash);
    }

    [Fact]
    public void WhileSendingKeysWaitAndTheAcknowledgementEndsTheLetter()
    {
        var d = Reviewing().Press('y').Press('q', 'y', ConsoleKey.Escape);
        Assert.Empty(d.Effects);
        Assert.Equal(Screen.Sending, d.State.Screen);

        d.Send(new ReaderMessage.Sent("s.1", "MD3.42"));
        Assert.Equal(Screen.Index, d.State.Screen);
        Assert.Null(d.State.Draft);
        Assert.Equal("Sent \"Lunch?\" to mary, bob (MD3.42).", d.Flash);
    }

    [Fact]
    public void EveryRetryCarriesTheSameSubmissionIdSoTheLetterCanNeverGoTwice()
    {
        var d = Reviewing().Press('y').Send(new ReaderMessage.SendFailed("s.1", new Failure(FailureKind.Unknown, "gateway 127.0.0.1:30003: the connection broke")));

        Assert.Equal(Screen.Review, d.State.Screen);
        Assert.Equal("Not confirmed: gateway 127.0.0.1:30003: the connection broke. y to try again; it can never go twice.", d.Flash);

        d.Press('y');
        Assert.Equal("s.1", d.Single<ReaderEffect.Send>().Request.SubmissionId);
        d.Send(new ReaderMessage.SendFailed("s.1", new Failure(FailureKind.Unreachable, "no gateway answers")));
        Assert.Equal("Not sent yet: no gateway answers. y to try again; it can never go twice.", d.Flash);
        Assert.Equal(LinkState.Unreachable, d.State.Connection.State);

        d.Press('t', " carol", ConsoleKey.Escape, 'y');
        Assert.Equal(("s.1", 3), (d.Single<ReaderEffect.Send>().Request.SubmissionId, d.State.Draft!.Attempts));
    }

    [Fact]
    public void ARefusedLetterSaysWhyAndCanBeMended()
    {
        var d = Reviewing().Press('y').Send(new ReaderMessage.SendFailed("s.1", new Failure(FailureKind.Refused, "unknown recipient 'bob'")));
        Assert.Equal("Not sent: unknown recipient 'bob'", d.Flash);
        Assert.True(d.State.Flash!.IsError);
        Assert.Equal(Screen.Review, d.State.Screen);
    }

    [Fact]
    public void AnAnswerAboutAnotherLetterChangesNothing()
    {
        var d = Reviewing().Press('y');
        var before = d.State;
        Assert.Same(before, d.Send(new ReaderMessage.Sent("other", "MD1.1")).State);
        Assert.Same(before, d.Send(new ReaderMessage.SendFailed("other", new Failure(FailureKind.Refused, "x"))).State);
    }

    [Fact]
    public void QAbandonsALetterAfterAskingAndABlankOneAtOnce()
    {
        var d = Reviewing().Press('q');
        Assert.IsType<Prompt.ConfirmAbandon>(d.State.Prompt);
        Assert.Equal(Screen.Review, d.Press('n').State.Screen);
        Assert.NotNull(d.State.Draft);

        d.Press('q', 'y');
        Assert.Equal((Screen.Index, "Letter abandoned."), (d.State.Screen, d.Flash));
        Assert.Null(d.State.Draft);

        var blank = Writing().Press(ConsoleKey.Escape, 'q');
        Assert.Equal(Screen.Index, blank.State.Screen);
        Assert.Null(blank.State.Prompt);
    }

    [Fact]
    public void QuestionMarkOnTheReviewScreenShowsTheHelpAndComesBack()
        => Assert.Equal(Screen.Review, Reviewing().Press('?', 'q').State.Screen);

    [Fact]
    public void AReplyIsToTheSenderWithReOnceAndTheLetterQuoted()
    {
        var letter = ReaderDriver.Letter("x", "mary", "Re: Lunch", "Noon?\n\nOr one.\n", read: true);
        var draft = ReaderDriver.WithLetters(letter).Press('r').State.Draft!;

        Assert.Equal(("mary", "Re: Lunch", DraftField.Body), (draft.To.Text, draft.Subject.Text, draft.Focus));
        Assert.Equal("mary wrote:\n> Noon?\n>\n> Or one.\n\n", draft.Body.Text);
        Assert.Equal(draft.Body.Text.Length, draft.Body.Cursor);
    }

    [Fact]
    public void AReplyToALetterWhoseBodyIsNotHereQuotesNothing()
        => Assert.Equal("", Draft.ReplyTo(LetterItem.Of(ReaderDriver.Letter("x", "mary", "Hi", body: null)), "id").Body.Text);

    [Fact]
    public void TheRecipientsMaySeparateWithCommasSpacesOrSemicolons()
        => Assert.Equal(["a", "b", "c", "d"], (Draft.New("x") with { To = TextField.Of(" a, b;c  d ,") }).Recipients);
}

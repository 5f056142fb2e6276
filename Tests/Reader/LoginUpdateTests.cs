using Maildriver.Client.Reader;

namespace Maildriver.Tests.Reader;

/// <summary>The login screen's keys and the login's outcome.</summary>
public sealed class LoginUpdateTests
{
    [Theory]
    [InlineData(null, null, "Gateways")]
    [InlineData("127.0.0.1:30001", null, "User")]
    [InlineData("127.0.0.1:30001", "john", "Password")]
    public void TheFirstFieldNotPrefilledHasTheKeys(string? gateways, string? user, string expected)
        => Assert.Equal(expected, ReaderDriver.AtLogin(gateways, user, password: null).State.Login.Focus.ToString());

    [Fact]
    public void TypingGoesIntoTheFocusedFieldAndBackspaceTakesItBack()
    {
        var d = ReaderDriver.AtLogin(password: null).Press("secret", ConsoleKey.Backspace, '!');

        Assert.Equal("secre!", d.State.Login.Password.Text);
        Assert.Equal("john", d.State.Login.User.Text);
    }

    [Fact]
    public void TabAndDownGoToTheNextFieldShiftTabAndUpToThePreviousRoundTheForm()
    {
        var d = ReaderDriver.AtLogin();

        Assert.Equal(LoginField.Gateways, d.Press(ConsoleKey.Tab).State.Login.Focus);
        Assert.Equal(LoginField.User, d.Press(ConsoleKey.DownArrow).State.Login.Focus);
        Assert.Equal(LoginField.Gateways, d.Press(Keys.ShiftTab).State.Login.Focus);
        Assert.Equal(LoginField.Password, d.Press(ConsoleKey.UpArrow).State.Login.Focus);
    }

    [Fact]
    public void EnterWithAFieldEmptyGoesToItAndSaysSo()
    {
        var d = ReaderDriver.AtLogin(user: null, password: null).Press(ConsoleKey.Tab, ConsoleKey.Enter);

        Assert.Equal(LoginField.User, d.State.Login.Focus);
        Assert.Equal("Fill in the user name.", d.Flash);
        Assert.Empty(d.Effects);
    }

    [Fact]
    public void EnterWithEverythingFilledLogsInOnceAndWaits()
    {
        var d = ReaderDriver.AtLogin(gateways: " 127.0.0.1:30003 ", user: "john ").Press(ConsoleKey.Enter);

        Assert.Equal(new ReaderEffect.Login("127.0.0.1:30003", "john", "john-pw"), d.Single<ReaderEffect.Login>());
        Assert.True(d.State.Login.Busy);

        d.Press(ConsoleKey.Enter, 'x');
        Assert.Empty(d.Effects);
        Assert.Equal("john-pw", d.State.Login.Password.Text);
    }

    [Fact]
    public void EscapeQuitsEvenWhileTheLoginIsOnItsWay()
    {
        Assert.IsType<ReaderEffect.Quit>(Assert.Single(ReaderDriver.AtLogin().Press(ConsoleKey.Escape).Effects));
        Assert.IsType<ReaderEffect.Quit>(Assert.Single(ReaderDriver.AtLogin().Press(ConsoleKey.Enter).Press(ConsoleKey.Escape).Effects));
    }

    [Fact]
    public void ARefusedLoginSaysWhyAndPutsTheCursorOnThePassword()
    {
        var d = ReaderDriver.AtLogin().Press(ConsoleKey.Tab, ConsoleKey.Enter)
            .Send(new ReaderMessage.LoginFailed(new Failure(FailureKind.Refused, "login failed: unknown user or wrong password")));

        Assert.False(d.State.Login.Busy);
        Assert.Equal(LoginField.Password, d.State.Login.Focus);
        Assert.Equal("Login failed: login failed: unknown user or wrong password", d.Flash);
        Assert.True(d.State.Flash!.IsError);
        Assert.Equal(Screen.Login, d.State.Screen);
    }

    [Fact]
    public void ALoginOpensTheListForgetsThePasswordAndAsksForTheMail()
    {
        var d = ReaderDriver.AtLogin().Press(ConsoleKey.Enter).Send(new ReaderMessage.LoggedIn("john", "MD3", "127.0.0.1:30003"));

        Assert.Equal(Screen.Index, d.State.Screen);
        Assert.Equal("john", d.State.User);
        Assert.Equal("", d.State.Login.Password.Text);
        Assert.Equal((LinkState.Connected, "MD3"), (d.State.Connection.State, d.State.Connection.Machine));
        Assert.Equal("MD3", d.State.Connection.NameOf("127.0.0.1:30003"));
        Assert.True(d.State.Receiving);
        Assert.Equal([new ReaderEffect.Greet(), new ReaderEffect.Receive(), new ReaderEffect.Watch()], d.Effects);

        // The gateways' machine names are asked for once, after the first list, not beside it.
        Assert.Contains(new ReaderEffect.LearnMachines(), d.Send(new ReaderMessage.Received([], Partial: false)).Effects);
        Assert.DoesNotContain(new ReaderEffect.LearnMachines(), d.Send(new ReaderMessage.Received([], Partial: false)).Effects);
    }

    [Fact]
    public void WithEverythingGivenTheReaderLogsInAtOnceAndTheFormNeverWaits()
    {
        var step = LoginKeys.Begin(ReaderDriver.AtLogin().State);
        Assert.True(step.State.Login.Busy);
        Assert.Equal([new ReaderEffect.Login("127.0.0.1:30003,127.0.0.1:30001", "john", "john-pw")], step.Effects);
        Assert.Null(step.State.Flash);
    }

    [Fact]
    public void WithSomethingMissingTheFormSaysWhatAndWhereToGiveIt()
    {
        var step = LoginKeys.Begin(ReaderDriver.AtLogin(gateways: null, password: null).State);
        Assert.Empty(step.Effects);
        Assert.Equal("Missing: gateways (--gateway or MAILDRIVER_GATEWAYS), password (--password or MAILDRIVER_PASSWORD).", step.State.Flash!.Text);
        Assert.Equal(LoginField.Gateways, step.State.Login.Focus);
    }

    [Fact]
    public void AWrongPasswordKeepsTheUserNameAndAsksForThePasswordAgain()
    {
        var d = ReaderDriver.AtLogin().Press(ConsoleKey.Enter)
            .Send(new ReaderMessage.LoginFailed(new Failure(FailureKind.Refused, "unknown user or wrong password")));
        Assert.Equal(("john", "", LoginField.Password), (d.State.Login.User.Text, d.State.Login.Password.Text, d.State.Login.Focus));
        Assert.Contains("wrong password", d.Flash);
    }

    [Fact]
    public void NoGatewayAnsweringShowsTheGatewaysTriedAndTriesAgainOnItsOwn()
    {
        var d = ReaderDriver.AtLogin().Press(ConsoleKey.Enter)
            .Send(new ReaderMessage.LoginFailed(new Failure(FailureKind.Unreachable, "no gateway answers")));
        Assert.Equal("127.0.0.1:30003,127.0.0.1:30001", d.State.Login.Unreachable);
        var screen = new ReaderView(TimeZoneInfo.Utc).Render(d.State).ToPlainText();
        Assert.Contains("No gateway answers.", screen);
        Assert.Contains("    127.0.0.1:30003\n    127.0.0.1:30001", screen);
        Assert.Contains("Trying again in 3 s", screen);

        d.Send(new ReaderMessage.Tick(ReaderDriver.T0.AddSeconds(1)));
        Assert.Empty(d.Effects);
        d.Send(new ReaderMessage.Tick(ReaderDriver.T0.AddSeconds(3)));
        Assert.Equal([new ReaderEffect.Login("127.0.0.1:30003,127.0.0.1:30001", "john", "john-pw")], d.Effects);
        Assert.Contains("Trying again…", new ReaderView(TimeZoneInfo.Utc).Render(d.State).ToPlainText());

        // It answers at last: the list, and the retry screen is gone for good.
        d.Send(new ReaderMessage.LoggedIn("john", "MD1", "127.0.0.1:30001"));
        Assert.Equal((Screen.Index, (string?)null), (d.State.Screen, d.State.Login.Unreachable));
    }
}

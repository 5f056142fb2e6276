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
        Assert.Equal([new ReaderEffect.Greet(), new ReaderEffect.Receive(), new ReaderEffect.LearnMachines()], d.Effects);
    }
}

using Maildriver.Client.Reader;
using Maildriver.Client.Reader.Tui;
using Terminal.Gui.Input;
using KeyBinding = Maildriver.Client.Reader.KeyBinding;

namespace Maildriver.Tests.Reader.Tui;

/// <summary>Terminal.Gui's keys reach the key tables as the console keys the tables were written for.</summary>
public sealed class TuiKeysTests
{
    [Theory]
    [InlineData('j', "j")]
    [InlineData('G', "G")]
    [InlineData('$', "$")]
    [InlineData('/', "/")]
    [InlineData('?', "?")]
    public void APrintableKeyIsItsCharacter(char c, string chord)
        => Assert.True(KeyBinding.Matches(chord, Assert.Single(TuiKeys.ToConsole(new Key(c)))));

    [Fact]
    public void NamedKeysCtrlLettersAndShiftTabMatchTheTables()
    {
        Assert.True(KeyBinding.Matches("Enter", Assert.Single(TuiKeys.ToConsole(Key.Enter))));
        Assert.True(KeyBinding.Matches("Escape", Assert.Single(TuiKeys.ToConsole(Key.Esc))));
        Assert.True(KeyBinding.Matches("DownArrow", Assert.Single(TuiKeys.ToConsole(Key.CursorDown))));
        Assert.True(KeyBinding.Matches("PageUp", Assert.Single(TuiKeys.ToConsole(Key.PageUp))));
        Assert.True(KeyBinding.Matches("Spacebar", Assert.Single(TuiKeys.ToConsole(Key.Space))));
        Assert.True(KeyBinding.Matches("C-l", Assert.Single(TuiKeys.ToConsole(Key.L.WithCtrl))));
        Assert.True(KeyBinding.Matches("C-e", Assert.Single(TuiKeys.ToConsole(Key.E.WithCtrl))));
        Assert.True(KeyBinding.Matches("S-Tab", Assert.Single(TuiKeys.ToConsole(Key.Tab.WithShift))));
        Assert.False(KeyBinding.Matches("Tab", Assert.Single(TuiKeys.ToConsole(Key.Tab.WithShift))));
    }

    [Fact]
    public void CtrlCIsTheWayOutNotAKeyAndAltKeysAreIgnored()
    {
        Assert.True(TuiKeys.IsInterrupt(Key.C.WithCtrl));
        Assert.False(TuiKeys.IsInterrupt(new Key('c')));
        Assert.Empty(TuiKeys.ToConsole(Key.X.WithAlt));
    }

    [Fact]
    public void ACharacterOutsideTheBmpIsTypedAsItsTwoHalves()
    {
        var keys = TuiKeys.ToConsole(new Key("😀"));
        Assert.Equal("😀", new string(keys.Select(k => k.KeyChar).ToArray()));
    }
}

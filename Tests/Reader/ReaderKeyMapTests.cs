using Maildriver.Client.Reader;

namespace Maildriver.Tests.Reader;

/// <summary>The key tables: every key written in them does what they say, and the help lists them all.</summary>
public sealed class ReaderKeyMapTests
{
    public static TheoryData<string> Tables => new() { "Index", "Pager", "Compose", "Review", "Help", "Login", "Search" };

    [Theory]
    [MemberData(nameof(Tables))]
    public void EveryKeyInATableStandsForItsCommandAndNoKeyForTwo(string name)
    {
        var table = Table(name);
        foreach (var binding in table)
        {
            foreach (var chord in binding.Keys)
            {
                var key = KeyOf(chord);
                Assert.Equal(binding.Command, table.First(b => b.Matches(key)).Command);
            }
        }

        var chords = table.SelectMany(b => b.Keys).ToList();
        Assert.Equal(chords.Count, chords.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void CtrlLetterMatchesWhetherTheTerminalSendsTheControlCharacterOrTheModifier()
    {
        Assert.Equal(ReaderCommand.Refresh, ReaderKeyMap.CommandFor(ReaderKeyMap.Index, new ConsoleKeyInfo('\f', 0, false, false, false)));
        Assert.Equal(ReaderCommand.Refresh, ReaderKeyMap.CommandFor(ReaderKeyMap.Index, new ConsoleKeyInfo('l', ConsoleKey.L, false, false, true)));
        Assert.Equal(ReaderCommand.None, ReaderKeyMap.CommandFor(ReaderKeyMap.Index, Keys.Char('l')));
    }

    [Fact]
    public void ShiftTabIsNotTab()
    {
        Assert.Equal(TextCommand.PreviousField, ReaderKeyMap.TextFor(ReaderKeyMap.Compose, Keys.ShiftTab));
        Assert.Equal(TextCommand.NextField, ReaderKeyMap.TextFor(ReaderKeyMap.Compose, Keys.Of(ConsoleKey.Tab)));
    }

    [Fact]
    public void PrintableCharactersAreTypingControlAndAltAreNot()
    {
        Assert.True(ReaderKeyMap.IsTyping(Keys.Char('é')));
        Assert.True(ReaderKeyMap.IsTyping(Keys.Char('[')));
        Assert.True(ReaderKeyMap.IsTyping(Keys.Char(' ')));
        Assert.False(ReaderKeyMap.IsTyping(Keys.Ctrl('e')));
        Assert.False(ReaderKeyMap.IsTyping(new ConsoleKeyInfo('x', ConsoleKey.X, false, alt: true, false)));
        Assert.False(ReaderKeyMap.IsTyping(Keys.Of(ConsoleKey.Backspace)));
        Assert.Equal(TextCommand.Insert, ReaderKeyMap.TextFor(ReaderKeyMap.Login, Keys.Char('q')));
    }

    [Fact]
    public void TheLoginAndSearchShareTheEditingKeysOfTheComposeTable()
    {
        Assert.Equal(TextCommand.KillWord, ReaderKeyMap.TextFor(ReaderKeyMap.Login, Keys.Ctrl('w')));
        Assert.Equal(TextCommand.Backspace, ReaderKeyMap.TextFor(ReaderKeyMap.Search, Keys.Of(ConsoleKey.Backspace)));
        // But not its field moves or the editor.
        Assert.Equal(TextCommand.None, ReaderKeyMap.TextFor(ReaderKeyMap.Search, Keys.Ctrl('e')));
    }

    [Fact]
    public void OnlyYIsYes()
    {
        Assert.True(ReaderKeyMap.IsYes(Keys.Char('y')));
        Assert.True(ReaderKeyMap.IsYes(Keys.Char('Y')));
        Assert.False(ReaderKeyMap.IsYes(Keys.Of(ConsoleKey.Enter)));
        Assert.False(ReaderKeyMap.IsYes(Keys.Char('n')));
    }

    [Fact]
    public void TheHelpListsEveryBindingOfEveryScreen()
    {
        var help = string.Join('\n', HelpText.Lines.Select(l => l.Text));
        foreach (var binding in new[] { "Index", "Pager", "Compose", "Review", "Help", "Search" }.SelectMany(Table))
        {
            Assert.Contains($"  {binding.KeysText.PadRight(22)}{binding.Description}", help);
        }
    }

    [Fact]
    public void EveryScreenHasHintsAndTheHelpHintComesLast()
    {
        foreach (var screen in Enum.GetValues<Screen>())
        {
            Assert.NotEmpty(ReaderKeyMap.Hints(screen));
        }

        Assert.Equal("?:Help", ReaderKeyMap.Hints(Screen.Index)[^1]);
    }

    private static IReadOnlyList<KeyBinding> Table(string name) => name switch
    {
        "Index" => ReaderKeyMap.Index,
        "Pager" => ReaderKeyMap.Pager,
        "Compose" => ReaderKeyMap.Compose,
        "Review" => ReaderKeyMap.Review,
        "Help" => ReaderKeyMap.Help,
        "Login" => ReaderKeyMap.Login,
        _ => ReaderKeyMap.Search,
    };

    private static ConsoleKeyInfo KeyOf(string chord) => chord switch
    {
        { Length: 1 } => Keys.Char(chord[0]),
        _ when chord.StartsWith("C-", StringComparison.Ordinal) => Keys.Ctrl(chord[2]),
        _ when chord.StartsWith("S-", StringComparison.Ordinal) => Keys.Of(Enum.Parse<ConsoleKey>(chord[2..]), shift: true),
        _ => Keys.Of(Enum.Parse<ConsoleKey>(chord)),
    };
}

using Maildriver.Client.Reader;

namespace Maildriver.Tests.Reader;

/// <summary>Measuring, cutting and wrapping text in terminal cells.</summary>
public sealed class CellsAndWrapTests
{
    [Fact]
    public void WideCharactersTakeTwoCellsAndCombiningMarksNone()
    {
        Assert.Equal(4, Cells.Width("漢字"));
        Assert.Equal(2, Cells.Width("😀"));
        Assert.Equal(1, Cells.Width("e\u0301"));
        Assert.Equal(5, Cells.Width("plain"));
    }

    [Fact]
    public void ControlCharactersBecomeMarksAndTabsSpaces()
    {
        Assert.Equal("a?[31mb?c d", Cells.Clean("a\u001b[31mb\nc\td"));
        Assert.Equal("x\uFFFDy", Cells.Clean("x\uD800y"));
        Assert.Equal("\u009b".Length, Cells.Clean("\u009b").Length);
        Assert.Equal("?", Cells.Clean("\u009b"));
    }

    [Fact]
    public void FitCutsWithAnEllipsisAndNeverSplitsAWideCharacter()
    {
        Assert.Equal("hell…", Cells.Fit("hello world", 5));
        Assert.Equal("hello", Cells.Fit("hello", 5));
        Assert.Equal("漢…", Cells.Fit("漢字漢字", 4));
        Assert.Equal("漢 ", Cells.Pad("漢字", 3));
        Assert.Equal("", Cells.Fit("x", 0));
    }

    [Fact]
    public void WordWrapBreaksAtSpacesAndOnlyBreaksWordsLongerThanARow()
    {
        Assert.Equal(["the quick", "brown fox"], TextWrap.Words("the quick brown fox", 10));
        Assert.Equal(["abcdefghij", "klm end"], TextWrap.Words("abcdefghijklm end", 10));
        Assert.Equal(["one", "", "two"], TextWrap.Words("one\n\ntwo", 10));
        Assert.Equal(["a       b"], TextWrap.Words("a\tb", 10));
        Assert.Equal(["  indented"], TextWrap.Words("  indented", 10));
    }

    [Fact]
    public void CharacterWrapKnowsWhereEachRowStartsSoTheCursorCanBePlaced()
    {
        var rows = TextWrap.Characters("abcdefgh\nxy", 4);
        Assert.Equal([("abcd", 0), ("efgh", 4), ("", 8), ("xy", 9)], rows);
        Assert.Equal((0, 2), TextWrap.Locate(rows, 2));
        Assert.Equal((1, 0), TextWrap.Locate(rows, 4));
        Assert.Equal((2, 0), TextWrap.Locate(rows, 8));
        Assert.Equal((3, 2), TextWrap.Locate(rows, 11));
    }

    [Fact]
    public void AFieldScrollsSidewaysToKeepTheCursorInView()
    {
        Assert.Equal(("abc", 3), FieldWindow.Show(TextField.Of("abc"), 10));
        // The cursor after the last character needs a cell of its own.
        Assert.Equal(("ghij", 4), FieldWindow.Show(TextField.Of("abcdefghij"), 5));
        Assert.Equal(("abcde", 0), FieldWindow.Show(TextField.Of("abcdefghij").Home(), 5));
        Assert.Equal(("***", 3), FieldWindow.Show(TextField.Of("pw!"), 10, masked: true));
    }
}

using Maildriver.Client.Reader;

namespace Maildriver.Tests.Reader;

/// <summary>Editing text with a cursor.</summary>
public sealed class TextFieldTests
{
    [Fact]
    public void InsertAndBackspaceAndDeleteWorkAtTheCursor()
    {
        var f = TextField.Of("held").Left().Insert('l').Insert("o, wor");
        Assert.Equal(new TextField("hello, word", 10), f);
        Assert.Equal(new TextField("hello, wor", 9), f.Right().Backspace().Left());
        Assert.Equal(new TextField("ello, word", 0), f.Home().DeleteForward());
        Assert.Equal(f.Home(), f.Home().Backspace().Left());
    }

    [Fact]
    public void TheEndsAreSafe()
    {
        Assert.Equal(TextField.Empty, TextField.Empty.Backspace().DeleteForward().Left().Right().Up().Down().KillWord().KillToLineStart());
        Assert.Equal(5, TextField.Of("hello").Right().Cursor);
    }

    [Fact]
    public void ASurrogatePairIsOneCharacterToTheCursor()
    {
        var f = TextField.Of("a😀");
        Assert.Equal("a", f.Backspace().Text);
        Assert.Equal(1, f.Left().Cursor);
        Assert.Equal("a", f.Left().DeleteForward().Text);
        Assert.Equal(3, f.Left().Right().Cursor);
    }

    [Fact]
    public void UpAndDownKeepTheColumnOrStopAtTheLineEnd()
    {
        var f = TextField.Of("first line\nab\nthird line");
        Assert.Equal((2, 10), (f.Line, f.Column));
        Assert.Equal((1, 2), (f.Up().Line, f.Up().Column));
        Assert.Equal((0, 2), (f.Up().Up().Line, f.Up().Up().Column));
        Assert.Equal((1, 2), (f.Up().Up().Down().Line, f.Up().Up().Down().Column));
        Assert.Equal(f.Up().Up(), f.Up().Up().Up());
        Assert.Equal(f, f.Down());
    }

    [Fact]
    public void HomeAndEndAndCtrlUStayOnTheCursorsLine()
    {
        var f = TextField.Of("one\ntwo three").Left();
        Assert.Equal(4, f.Home().Cursor);
        Assert.Equal(13, f.End().Cursor);
        Assert.Equal(new TextField("one\ne", 4), f.KillToLineStart());
    }

    [Fact]
    public void CtrlWTakesTheWordBeforeTheCursorAndTheSpacesAfterIt()
    {
        Assert.Equal("one two ", TextField.Of("one two three").KillWord().Text);
        Assert.Equal("one ", TextField.Of("one two   ").KillWord().Text);
        Assert.Equal("line\n", TextField.Of("line\nword").KillWord().Text);
    }
}

using Maildriver.Client.Reader;

namespace Maildriver.Tests.Reader;

/// <summary>The cached list: ordering, merging, the cursor, the filter, and letters gone for good.</summary>
public sealed class MailboxTests
{
    private static LetterItem L(string id, int minutes, bool read = false, string? body = "b", string from = "mary", string subject = "s")
        => LetterItem.Of(ReaderDriver.Letter(id, from, subject, body, read, minutes));

    [Fact]
    public void ReplaceSortsOldestFirstAndKeepsTheCursorOnTheSameLetter()
    {
        var box = Mailbox.Empty.Replace([L("b", 2), L("a", 1)]).MoveToId("b");
        Assert.Equal(["a", "b"], box.Letters.Select(l => l.Id));

        var after = box.Replace([L("c", 3), L("b", 2), L("z", 0)]);
        Assert.Equal(["z", "b", "c"], after.Letters.Select(l => l.Id));
        Assert.Equal("b", after.Selected!.Id);
    }

    [Fact]
    public void ReplaceKeepsBodiesAndReadFlagsKnownHere()
    {
        var box = Mailbox.Empty.Replace([L("a", 1, read: true, body: "text")]).Replace([L("a", 1, read: false, body: null)]);
        Assert.Equal((true, "text"), (box.Letters[0].Read, box.Letters[0].Body));
    }

    [Fact]
    public void MergeAddsOnlyTheUnknownInOrder()
    {
        var (box, added) = Mailbox.Empty.Replace([L("a", 1), L("c", 3)]).Merge([L("a", 1), L("b", 2)]);
        Assert.Equal(["b"], added.Select(l => l.Id));
        Assert.Equal(["a", "b", "c"], box.Letters.Select(l => l.Id));
    }

    [Fact]
    public void RemoveKeepsTheRowAndRemembersTheLetterIsGone()
    {
        var box = Mailbox.Empty.Replace([L("a", 1), L("b", 2), L("c", 3)]).MoveTo(2).Remove("c");
        Assert.Equal("b", box.Selected!.Id);
        Assert.Contains("c", box.Gone);
        Assert.Empty(box.Merge([L("c", 3)]).Added);
        Assert.Equal(2, box.Replace([L("a", 1), L("b", 2), L("c", 3)]).Letters.Count);
    }

    [Fact]
    public void TheFilterMatchesSenderOrSubjectInAnyCaseAndKeepsTheSelectionWhenItCan()
    {
        var box = Mailbox.Empty.Replace([L("a", 1, from: "Mary", subject: "x"), L("b", 2, from: "bob", subject: "Lunch with MARY"), L("c", 3, from: "al")]).MoveToId("b");
        var filtered = box.WithFilter("mary");
        Assert.Equal(["a", "b"], filtered.Visible.Select(l => l.Id));
        Assert.Equal("b", filtered.Selected!.Id);
        Assert.Equal(0, box.MoveToId("c").WithFilter("mary").Cursor);
        Assert.Null(filtered.WithFilter("").Filter);
    }

    [Fact]
    public void TheCursorStaysInsideTheList()
    {
        var box = Mailbox.Empty.Replace([L("a", 1), L("b", 2)]);
        Assert.Equal(1, box.MoveBy(10).Cursor);
        Assert.Equal(0, box.MoveBy(-10).Cursor);
        Assert.Null(Mailbox.Empty.MoveBy(1).Selected);
    }

    [Fact]
    public void TheStartIsTheFirstUnreadElseTheNewest()
    {
        Assert.Equal("b", Mailbox.Empty.Replace([L("a", 1, read: true), L("b", 2), L("c", 3)]).MoveToStart().Selected!.Id);
        Assert.Equal("c", Mailbox.Empty.Replace([L("a", 1, read: true), L("c", 3, read: true)]).MoveToStart().Selected!.Id);
    }
}

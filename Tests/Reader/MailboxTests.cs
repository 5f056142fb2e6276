using Maildriver.Client.Reader;

namespace Maildriver.Tests.Reader;

/// <summary>The cached list: ordering, merging, the cursor, the filter, and letters gone for good.</summary>
public sealed class MailboxTests
{
    private static LetterItem L(string id, int minutes, bool read = false, string? body = "b", string from = "mary", string subject = "s")
        => LetterItem.Of(ReaderDriver.Letter(id, from, subject, body, read, minutes));

    // Most of these tests were written for the list oldest first; the order itself is tested on its own below.
    private static readonly Mailbox Oldest = Mailbox.Empty with { NewestFirst = false };

    [Fact]
    public void ReplaceSortsNewestFirstAndKeepsTheCursorOnTheSameLetter()
    {
        var box = Mailbox.Empty.Replace([L("a", 1), L("b", 2)]).MoveToId("a");
        Assert.Equal(["b", "a"], box.Letters.Select(l => l.Id));

        var after = box.Replace([L("c", 3), L("a", 1), L("z", 0)]);
        Assert.Equal(["c", "a", "z"], after.Letters.Select(l => l.Id));
        Assert.Equal("a", after.Selected!.Id);
    }

    [Fact]
    public void ReversedTurnsTheOrderBothWaysKeepingTheCursorOnItsLetterAndNewLettersFollowTheOrder()
    {
        var box = Mailbox.Empty.Replace([L("a", 1), L("b", 2), L("c", 3)]).MoveToId("b");
        var oldest = box.Reversed();
        Assert.False(oldest.NewestFirst);
        Assert.Equal(["a", "b", "c"], oldest.Letters.Select(l => l.Id));
        Assert.Equal("b", oldest.Selected!.Id);
        Assert.Equal(["a", "b", "c", "d"], oldest.Merge([L("d", 4)]).Mailbox.Letters.Select(l => l.Id));

        var back = oldest.Reversed();
        Assert.Equal(["c", "b", "a"], back.Letters.Select(l => l.Id));
        Assert.Equal("b", back.Selected!.Id);
        Assert.Equal(["d", "c", "b", "a"], back.Merge([L("d", 4)]).Mailbox.Letters.Select(l => l.Id));
    }

    [Fact]
    public void LettersAtTheSameMomentKeepOneOrderByTheirIds()
    {
        var box = Mailbox.Empty.Replace([L("MD2.1", 5), L("MD1.1", 5)]);
        Assert.Equal(["MD2.1", "MD1.1"], box.Letters.Select(l => l.Id));
        Assert.Equal(["MD1.1", "MD2.1"], box.Reversed().Letters.Select(l => l.Id));
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
        var (box, added) = Oldest.Replace([L("a", 1), L("c", 3)]).Merge([L("a", 1), L("b", 2)]);
        Assert.Equal(["b"], added.Select(l => l.Id));
        Assert.Equal(["a", "b", "c"], box.Letters.Select(l => l.Id));
    }

    [Fact]
    public void RemoveKeepsTheRowAndRemembersTheLetterIsGone()
    {
        var box = Oldest.Replace([L("a", 1), L("b", 2), L("c", 3)]).MoveTo(2).Remove("c");
        Assert.Equal("b", box.Selected!.Id);
        Assert.Contains("c", box.Gone);
        Assert.Empty(box.Merge([L("c", 3)]).Added);
        Assert.Equal(2, box.Replace([L("a", 1), L("b", 2), L("c", 3)]).Letters.Count);
    }

    [Fact]
    public void TheFilterMatchesSenderOrSubjectInAnyCaseAndKeepsTheSelectionWhenItCan()
    {
        var box = Oldest.Replace([L("a", 1, from: "Mary", subject: "x"), L("b", 2, from: "bob", subject: "Lunch with MARY"), L("c", 3, from: "al")]).MoveToId("b");
        var filtered = box.WithFilter("mary");
        Assert.Equal(["a", "b"], filtered.Visible.Select(l => l.Id));
        Assert.Equal("b", filtered.Selected!.Id);
        Assert.Equal(0, box.MoveToId("c").WithFilter("mary").Cursor);
        Assert.Null(filtered.WithFilter("").Filter);
    }

    [Fact]
    public void TheCursorStaysInsideTheList()
    {
        var box = Oldest.Replace([L("a", 1), L("b", 2)]);
        Assert.Equal(1, box.MoveBy(10).Cursor);
        Assert.Equal(0, box.MoveBy(-10).Cursor);
        Assert.Null(Oldest.MoveBy(1).Selected);
    }

    [Fact]
    public void TheStartIsTheFirstUnreadElseTheNewest()
    {
        Assert.Equal("b", Oldest.Replace([L("a", 1, read: true), L("b", 2), L("c", 3)]).MoveToStart().Selected!.Id);
        Assert.Equal("c", Oldest.Replace([L("a", 1, read: true), L("c", 3, read: true)]).MoveToStart().Selected!.Id);
    }
}

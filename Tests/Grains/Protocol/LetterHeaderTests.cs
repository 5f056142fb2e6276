using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Grains.Protocol;

/// <summary>A letter's recipients with their UIDs, as the WorkSpace stores them: each once, the first UID given.</summary>
public sealed class LetterHeaderTests
{
    [Fact]
    public void Each_recipient_comes_once_with_the_uid_of_its_first_place()
    {
        var header = Header(["bob", "carol", "bob", "dave"], [7, 3, 9, 4]);

        var pairs = header.RecipientUids();

        Assert.Equal([("bob", 7L), ("carol", 3L), ("dave", 4L)], pairs);
    }

    [Fact]
    public void Without_uids_every_recipient_has_zero()
    {
        Assert.Equal([("bob", 0L), ("carol", 0L)], Header(["bob", "carol", "carol"], null).RecipientUids());
        Assert.Equal([("bob", 5L), ("carol", 0L)], Header(["bob", "carol"], [5]).RecipientUids());
    }

    [Fact]
    public void Ten_thousand_recipients_are_paired_by_position()
    {
        var users = Enumerable.Range(0, 10_000).Select(i => $"user{i}").ToList();
        var uids = Enumerable.Range(0, 10_000).Select(i => 100L + i).ToList();

        var pairs = Header(users, uids).RecipientUids();

        Assert.Equal(users.Zip(uids), pairs);
    }

    private static LetterHeader Header(IReadOnlyList<string> to, IReadOnlyList<long>? uids)
        => new("MD1.1", "alice", to, "subject", DateTimeOffset.UnixEpoch, "alice/1", 10, uids);
}

using Maildriver.Grains.Server;

namespace Maildriver.Tests.Grains.Protocol;

/// <summary>What the UID tests compare: each machine's view of a user's inbox, as an IMAP client would cache it.</summary>
internal static class MailboxUids
{
    /// <summary>One letter as an IMAP client keys it: its UID, with the flags it would show.</summary>
    public sealed record Entry(string Id, long Uid, long UidValidity, bool Seen, bool Flagged, bool Answered);

    /// <summary><paramref name="user"/>'s inbox on <paramref name="machine"/>, by UID.</summary>
    public static async Task<IReadOnlyList<Entry>> OnAsync(MailTestCluster mail, string machine, string user)
    {
        var letters = await mail.Server(machine).List(await mail.LoginAsync(user, machine));
        return letters.Select(l => new Entry(l.Id, l.Uid, l.UidValidity, l.Read, l.Flagged, l.Answered)).OrderBy(e => e.Uid).ToList();
    }

    /// <summary>
    /// Asserts that every one of <paramref name="machines"/> shows each user the same letters under the same UIDs,
    /// UIDVALIDITY and flags, with UIDs that are positive and unique (strictly ascending in UID order); returns the
    /// inboxes as the first machine shows them.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<Entry>>> AssertSameEverywhereAsync(
        MailTestCluster mail, IReadOnlyList<string> machines, params string[] users)
    {
        var inboxes = new Dictionary<string, IReadOnlyList<Entry>>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            var first = await OnAsync(mail, machines[0], user);
            Assert.All(first, e => Assert.True(e.Uid > 0 && e.UidValidity > 0, $"{user}'s {e.Id} on {machines[0]}: uid {e.Uid}, uidvalidity {e.UidValidity}"));
            Assert.Equal(first.Count, first.Select(e => e.Uid).Distinct().Count());
            foreach (var machine in machines.Skip(1))
            {
                Assert.Equal(first, await OnAsync(mail, machine, user));
            }

            inboxes[user] = first;
        }

        return inboxes;
    }
}

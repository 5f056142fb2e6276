using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Grains.Protocol;

/// <summary>\Flagged and \Answered (issue 17): replicated like the read flag, and refused for letters not yours.</summary>
public sealed class FlagTests
{
    private static readonly string[] Machines = ["MD1", "MD2", "MD3"];

    [Fact]
    public async Task FlagsSetOnOneMachineShowOnTheOthersAndClearingTakesOnlyTheFlagCleared()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        var letter = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob", "carol"], "flag me", "x", "f1"));
        await mail.AssertConsistentAsync();

        var bob = await mail.LoginAsync("bob", "MD2");
        var shown = await mail.Server("MD2").SetFlags(bob, letter.Id, LetterFlags.Flagged, on: true);
        Assert.Equal((true, false), (shown.Flagged, shown.Answered));
        shown = await mail.Server("MD2").SetFlags(bob, letter.Id, LetterFlags.Answered, on: true);
        Assert.Equal((true, true), (shown.Flagged, shown.Answered));
        await mail.AssertConsistentAsync();
        var inboxes = await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob", "carol");
        Assert.Equal((true, true, false), (inboxes["bob"][0].Flagged, inboxes["bob"][0].Answered, inboxes["bob"][0].Seen));
        Assert.Equal((false, false), (inboxes["carol"][0].Flagged, inboxes["carol"][0].Answered));

        // Cleared through another machine: \Answered stays.
        shown = await mail.Server("MD3").SetFlags(await mail.LoginAsync("bob", "MD3"), letter.Id, LetterFlags.Flagged, on: false);
        Assert.Equal((false, true), (shown.Flagged, shown.Answered));
        await mail.AssertConsistentAsync();
        inboxes = await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob");
        Assert.Equal((false, true), (inboxes["bob"][0].Flagged, inboxes["bob"][0].Answered));
    }

    [Fact]
    public async Task AnUnknownLetterAnotherUsersLetterOrNoFlagIsRefusedAndChangesNothing()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        var toBob = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "bob's", "x", "b1"));
        await mail.AssertConsistentAsync();
        var before = await mail.QuietAsync();
        var carol = await mail.LoginAsync("carol", "MD2");
        var bob = await mail.LoginAsync("bob", "MD2");

        var unknown = await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD2").SetFlags(bob, "MD1.404", LetterFlags.Flagged, on: true));
        Assert.Contains("no letter 'MD1.404' in your inbox", unknown.Message, StringComparison.Ordinal);
        var notHers = await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD2").SetFlags(carol, toBob.Id, LetterFlags.Flagged, on: true));
        Assert.Contains($"no letter '{toBob.Id}' in your inbox", notHers.Message, StringComparison.Ordinal);
        var noFlag = await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD2").SetFlags(bob, toBob.Id, LetterFlags.None, on: true));
        Assert.Contains("malformed request", noFlag.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD2").SetFlags(bob, toBob.Id, (LetterFlags)8, on: true));

        var after = await mail.AssertConsistentAsync();
        Assert.Equal(before.Machines.Select(m => m.Digest), after.Machines.Select(m => m.Digest));
        var inbox = (await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob"))["bob"];
        Assert.Equal((false, false), (inbox[0].Flagged, inbox[0].Answered));
    }
}

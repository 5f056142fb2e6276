using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Grains.Protocol;

/// <summary>
/// \Flagged, \Answered and \Seen (issue 17): replicated like the read flag, \Seen cleared too, and refused for letters
/// not yours; the sizes and header sections IMAP's FETCH reads in bulk.
/// </summary>
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
    public async Task SeenIsClearedAndSetAgainOnEveryMachineWhicheverMachineTheChangesComeThrough()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        var letter = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob", "carol"], "read me", "x", "s1"));
        await mail.AssertConsistentAsync();
        var (bobOn2, bobOn3) = (await mail.LoginAsync("bob", "MD2"), await mail.LoginAsync("bob", "MD3"));

        await mail.Server("MD2").Read(bobOn2, letter.Id);
        var shown = await mail.Server("MD3").SetFlags(bobOn3, letter.Id, LetterFlags.Seen | LetterFlags.Flagged, on: false);
        Assert.Equal((false, false), (shown.Read, shown.Flagged));
        await mail.AssertConsistentAsync();
        var inboxes = await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob", "carol");
        Assert.False(inboxes["bob"][0].Seen);

        // Read again after the clear: a new request, not the first read repeated.
        await mail.Server("MD2").Read(bobOn2, letter.Id);
        await mail.AssertConsistentAsync();
        Assert.True((await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob"))["bob"][0].Seen);
        shown = await mail.Server("MD1").SetFlags(await mail.LoginAsync("bob", "MD1"), letter.Id, LetterFlags.Seen, on: false);
        Assert.False(shown.Read);
        shown = await mail.Server("MD3").SetFlags(bobOn3, letter.Id, LetterFlags.Seen | LetterFlags.Answered, on: true);
        Assert.Equal((true, true, false), (shown.Read, shown.Answered, shown.Flagged));
        await mail.AssertConsistentAsync();
        inboxes = await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob", "carol");
        Assert.Equal((true, true, false), (inboxes["bob"][0].Seen, inboxes["bob"][0].Answered, inboxes["bob"][0].Flagged));
        Assert.False(inboxes["carol"][0].Seen);
    }

    [Fact]
    public async Task SummariesGiveTheSizeAndHeaderOfTheUsersOwnLettersAndMarkNothingRead()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        var alice = await mail.LoginAsync("alice", "MD1");
        var toBob = await mail.Server("MD1").Send(alice, new SendRequest(["bob"], "summary", "the body", "m1"));
        var toCarol = await mail.Server("MD1").Send(alice, new SendRequest(["carol"], "not bob's", "x", "m2"));
        await mail.AssertConsistentAsync();
        var bob = await mail.LoginAsync("bob", "MD2");

        var summary = Assert.Single(await mail.Server("MD2").Summaries(bob, [toBob.Id, toCarol.Id, "MD1.404"]));
        var whole = (await mail.Server("MD2").Peek(bob, toBob.Id)).Message!;
        Assert.Equal((toBob.Id, (long)whole.Length), (summary.Id, summary.Size));
        Assert.Equal(whole[..summary.Header.Length], summary.Header);
        Assert.EndsWith("\r\n\r\n", System.Text.Encoding.ASCII.GetString(summary.Header), StringComparison.Ordinal);
        Assert.Contains("Subject: summary", System.Text.Encoding.ASCII.GetString(summary.Header), StringComparison.Ordinal);
        Assert.Equal(whole.Length, (await mail.Server("MD2").List(bob)).Single().Size);
        Assert.False((await mail.Server("MD2").List(bob)).Single().Read);

        var tooMany = await Assert.ThrowsAsync<RequestRefusedException>(
            () => mail.Server("MD2").Summaries(bob, Enumerable.Repeat(toBob.Id, IMailServer.MaxSummaries + 1).ToList()));
        Assert.Contains("malformed request", tooMany.Message, StringComparison.Ordinal);
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

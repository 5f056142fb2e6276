using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// IMAP's UIDs through the paper's crashes (issue 17): a takeover, a dead machine's catch-up and a rebuild keep every
/// UID the Master gave, no machine ever shows a letter with a UID below one it already showed, and a UID is never given
/// twice, even after its letter was deleted and the Master died.
/// </summary>
public sealed class UidRecoveryTests
{
    private static readonly string[] Machines = ["MD1", "MD2", "MD3"];

    [Fact]
    public async Task AMasterKilledMidStreamLeavesTheSameAscendingUidsEverywhere()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        await using var onMd2 = new UidWatch(mail, "MD2", "bob");
        await using var onMd3 = new UidWatch(mail, "MD3", "bob");
        var (read, unread) = (await SendUntilAcknowledgedAsync(mail, "MD1", ["alice"], "to-read"), await SendUntilAcknowledgedAsync(mail, "MD1", ["alice"], "to-unread"));
        await mail.QuietAsync();

        // A stream of sends through MD2 and MD3; the Master dies after the eighth acknowledgement, its fan-out unfinished,
        // and so may the flag orders just before it: the new Master re-issues them from the Lieutenant's records.
        var acknowledged = new List<(string Id, bool AfterTakeover)>();
        var takenOver = false;
        for (var i = 0; i < 24; i++)
        {
            if (i == 8)
            {
                var (aliceOn2, aliceOn3) = (await mail.LoginAsync("alice", "MD2"), await mail.LoginAsync("alice", "MD3"));
                await mail.Server("MD2").Read(aliceOn2, unread);
                await mail.Server("MD3").SetFlags(aliceOn3, unread, LetterFlags.Seen, on: false);
                await mail.Server("MD3").SetFlags(aliceOn3, read, LetterFlags.Seen | LetterFlags.Flagged, on: true);
                await mail.Cluster.KillSiloAsync("MD1");
            }

            if (i == 16)
            {
                await mail.WaitForStatusAsync("MD3", s => s.Master == "MD2" && s.Lieutenant == "MD3", "MD2 took over");
                takenOver = true;
            }

            string[] to = i % 2 == 0 ? ["bob"] : ["bob", "carol"];
            acknowledged.Add((await SendUntilAcknowledgedAsync(mail, Machines[1 + (i % 2)], to, $"stream-{i}"), takenOver));
        }

        await mail.Cluster.StartSiloAsync("MD1");
        await mail.WaitForStatusAsync("MD2", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD1 caught up");
        await mail.AssertConsistentAsync("MD2");

        var inboxes = await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob", "carol", "alice");
        Assert.Equal([(read, true, true), (unread, false, false)], inboxes["alice"].Select(e => (e.Id, e.Seen, e.Flagged)));
        Assert.Equal(acknowledged.Select(a => a.Id).Order(), inboxes["bob"].Select(e => e.Id).Order());
        var uid = inboxes["bob"].ToDictionary(e => e.Id, e => e.Uid);
        var beforeKill = acknowledged.Take(8).Max(a => uid[a.Id]);
        Assert.All(acknowledged.Where(a => a.AfterTakeover), a => Assert.True(uid[a.Id] > beforeKill, $"{a.Id}: UID {uid[a.Id]} not above {beforeKill}"));
        await AssertAscendingAsync(onMd2, onMd3);
    }

    [Fact]
    public async Task ADeadMachineIsCaughtUpWithTheSameUidsAndFlagsAndShowsThemInAscendingOrder()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var early = await SendUntilAcknowledgedAsync(mail, "MD1", ["bob"], "early");
        await mail.AssertConsistentAsync();

        await mail.Cluster.KillSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => !s.Machines.Single(m => m.Name == "MD3").Up, "MD3 dead");
        var whileDead = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            whileDead.Add(await SendUntilAcknowledgedAsync(mail, Machines[i % 2], ["bob"], $"while-dead-{i}"));
        }

        // Flags and deletes act on what MD2 shows: wait until the letters are there.
        await mail.QuietAsync();
        var bob = await mail.LoginAsync("bob", "MD2");
        await mail.Server("MD2").SetFlags(bob, early, LetterFlags.Flagged, on: true);
        await mail.Server("MD2").SetFlags(bob, whileDead[3], LetterFlags.Answered | LetterFlags.Flagged, on: true);
        await mail.Server("MD2").Delete(bob, [whileDead[^1]]);

        // \Seen cleared while MD3 is dead, and read again after the clear: the second read is a request of its own,
        // so MD3's catch-up ends read, as the others (a read that repeated the first one's op id would be dropped by the
        // Master while the first waits for MD3, and MD3 would end unread).
        await mail.Server("MD2").Read(bob, whileDead[0]);
        await mail.Server("MD2").SetFlags(bob, whileDead[0], LetterFlags.Seen, on: false);
        await mail.Server("MD2").Read(bob, whileDead[0]);
        await mail.Server("MD2").Read(bob, whileDead[1]);
        await mail.Server("MD2").SetFlags(bob, whileDead[1], LetterFlags.Seen, on: false);

        await using var onMd3 = new UidWatch(mail, "MD3", "bob");
        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 caught up");
        await mail.AssertConsistentAsync();

        var inbox = (await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob"))["bob"];
        Assert.Equal([early, .. whileDead.SkipLast(1)], inbox.Select(e => e.Id));
        Assert.Equal((true, false), (inbox[0].Flagged, inbox[0].Answered));
        Assert.Equal((true, true), (inbox[4].Flagged, inbox[4].Answered));
        Assert.Equal((true, false), (inbox[1].Seen, inbox[2].Seen));
        await AssertAscendingAsync(onMd3);

        // The deleted highest UID is not given again by the Master.
        var next = await SendUntilAcknowledgedAsync(mail, "MD3", ["bob"], "after-catch-up");
        await mail.AssertConsistentAsync();
        inbox = (await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob"))["bob"];
        Assert.Equal(whileDead.Count + 2, inbox.Single(e => e.Id == next).Uid);
    }

    [Fact]
    public async Task AMachineRebuiltFromASnapshotKeepsEveryUidAndFlag()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        for (var i = 0; i < 5; i++)
        {
            await SendUntilAcknowledgedAsync(mail, "MD1", ["bob", "carol"], $"before-{i}");
        }

        await mail.AssertConsistentAsync();
        var bob = await mail.LoginAsync("bob", "MD1");
        var first = (await MailboxUids.OnAsync(mail, "MD1", "bob"))[0].Id;
        await mail.Server("MD1").SetFlags(bob, first, LetterFlags.Answered, on: true);
        await mail.AssertConsistentAsync();

        await mail.WipeAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => !s.Machines.Single(m => m.Name == "MD3").Up, "MD3 declared dead");
        for (var i = 0; i < 3; i++)
        {
            await SendUntilAcknowledgedAsync(mail, "MD2", ["bob"], $"while-wiped-{i}");
        }

        // Read and then unread while MD3 is gone: its snapshot and catch-up end with the others' read flags.
        var second = (await MailboxUids.OnAsync(mail, "MD1", "bob"))[1].Id;
        await mail.Server("MD1").Read(bob, first);
        await mail.Server("MD1").SetFlags(bob, first, LetterFlags.Seen, on: false);
        await mail.Server("MD1").Read(bob, second);

        await using var onMd3 = new UidWatch(mail, "MD3", "bob");
        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 rebuilt and back");
        await mail.AssertConsistentAsync();

        var inboxes = await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob", "carol");
        Assert.Equal(Enumerable.Range(1, 8).Select(n => (long)n), inboxes["bob"].Select(e => e.Uid));
        Assert.True(inboxes["bob"][0].Answered);
        Assert.Equal((false, true), (inboxes["bob"][0].Seen, inboxes["bob"][1].Seen));
        await AssertAscendingAsync(onMd3);

        var next = await SendUntilAcknowledgedAsync(mail, "MD3", ["bob"], "after-rebuild");
        await mail.AssertConsistentAsync();
        Assert.Equal(9, (await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob"))["bob"].Single(e => e.Id == next).Uid);
    }

    [Fact]
    public async Task ANewMasterNeverGivesTheUidOfTheHighestLetterDeletedBeforeTheOldOneDied()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await SendUntilAcknowledgedAsync(mail, "MD2", ["bob"], $"kept-{i}"));
        }

        await mail.QuietAsync();
        await mail.Server("MD2").Delete(await mail.LoginAsync("bob", "MD2"), [ids[^1]]);
        await mail.AssertConsistentAsync();

        await mail.Cluster.KillSiloAsync("MD1");
        var next = await SendUntilAcknowledgedAsync(mail, "MD3", ["bob"], "after-takeover");
        await mail.WaitForStatusAsync("MD3", s => s.Master == "MD2" && s.Lieutenant == "MD3", "MD2 took over");
        await mail.Cluster.StartSiloAsync("MD1");
        await mail.WaitForStatusAsync("MD2", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD1 caught up");
        await mail.AssertConsistentAsync("MD2");

        var inbox = (await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob"))["bob"];
        Assert.Equal([1L, 2L, 4L], inbox.Select(e => e.Uid));
        Assert.Equal(next, inbox[^1].Id);
    }

    // Sends through one machine, repeating the same submission through it until the cluster acknowledges (a takeover
    // may refuse it for a few seconds: nothing acknowledged, try again); the repeat is the same letter.
    private static async Task<string> SendUntilAcknowledgedAsync(MailTestCluster mail, string via, IReadOnlyList<string> to, string submission)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            try
            {
                var token = await mail.LoginAsync("alice", via);
                return (await mail.Server(via).Send(token, new SendRequest(to, submission, $"body of {submission}", submission))).Id;
            }
            catch (Exception e) when (DateTimeOffset.UtcNow < deadline && e is not Xunit.Sdk.XunitException)
            {
                // Refused or unreachable during the takeover: the same submission again, after a pause so that a
                // gateway that fails at once is not called in a tight loop.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private static async Task AssertAscendingAsync(params UidWatch[] watches)
    {
        foreach (var watch in watches)
        {
            var (violations, lists) = await watch.StopAsync();
            Assert.Empty(violations);
            Assert.True(lists > 0, "the watch never listed the inbox");
        }
    }
}

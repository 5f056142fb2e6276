using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Grains.Protocol;

/// <summary>
/// IMAP's UIDs and UIDVALIDITY (issue 17): the same on every machine, strictly ascending in each inbox in the order
/// letters arrive, never given twice, with the replicas' digests covering them.
/// </summary>
public sealed class UidTests
{
    private static readonly string[] Machines = ["MD1", "MD2", "MD3"];

    [Fact]
    public async Task LettersSentTogetherThroughEveryMachineHaveTheSameUidsEverywhereAndEachLaterSendAHigherOne()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol", "dave");

        // Sent at once through all three gateways, so that the Master takes them in group-committed batches.
        string[][] recipients = [["bob"], ["bob", "carol"], ["carol", "dave", "bob"], ["dave"]];
        var sends = Enumerable.Range(0, 24).Select(async i =>
        {
            var machine = Machines[i % 3];
            var token = await mail.LoginAsync("alice", machine);
            return await mail.Server(machine).Send(token, new SendRequest(recipients[i % 4], $"together {i}", $"body {i}", $"together-{i}"));
        });
        var sent = await Task.WhenAll(sends);
        await mail.AssertConsistentAsync();

        var inboxes = await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob", "carol", "dave");
        Assert.Equal(18, inboxes["bob"].Count);
        Assert.Equal(12, inboxes["carol"].Count);
        Assert.Equal(12, inboxes["dave"].Count);
        foreach (var (user, inbox) in inboxes)
        {
            // Nothing was deleted or lost: the Master numbered each inbox 1..n.
            Assert.Equal(Enumerable.Range(1, inbox.Count).Select(n => (long)n), inbox.Select(e => e.Uid));
            Assert.Single(inbox.Select(e => e.UidValidity).Distinct());
        }

        // One at a time now, through a different machine each: every new letter gets a UID above all before it.
        var highest = inboxes["bob"][^1].Uid;
        for (var i = 0; i < 6; i++)
        {
            var machine = Machines[i % 3];
            var letter = await mail.Server(machine).Send(await mail.LoginAsync("alice", machine), new SendRequest(["bob"], $"later {i}", "x", $"later-{i}"));
            var received = await mail.Server(Machines[(i + 1) % 3]).Receive(await mail.LoginAsync("bob", Machines[(i + 1) % 3]));
            var uid = received.Letters.Single(l => l.Id == letter.Id).Uid;
            Assert.True(uid > highest, $"letter {i} got UID {uid}, not above {highest}");
            highest = uid;
        }

        Assert.DoesNotContain(sent, s => s.Id is null);
        await mail.AssertConsistentAsync();
        await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob");
    }

    [Fact]
    public async Task TheHighestLettersUidIsNotGivenAgainOnceItIsDeleted()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var alice = await mail.LoginAsync("alice", "MD2");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await mail.Server("MD2").Send(alice, new SendRequest(["bob"], $"letter {i}", "x", $"del-{i}"))).Id);
        }

        await mail.AssertConsistentAsync();
        var before = await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob");
        var highest = before["bob"][^1];
        Assert.Equal(ids[^1], highest.Id);

        await mail.Server("MD3").Delete(await mail.LoginAsync("bob", "MD3"), [highest.Id]);
        await mail.AssertConsistentAsync();
        var next = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "after the delete", "y", "del-next"));
        await mail.AssertConsistentAsync();

        var after = (await MailboxUids.AssertSameEverywhereAsync(mail, Machines, "bob"))["bob"];
        Assert.DoesNotContain(after, e => e.Id == highest.Id);
        Assert.Equal(highest.Uid + 1, after.Single(e => e.Id == next.Id).Uid);
    }

    [Fact]
    public async Task EveryUserHasOneUidValidityOnEveryMachineAndANewUserItsOwn()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob", "alice"], "hello", "x", "v1"));
        await mail.AssertConsistentAsync();

        var validities = new List<long>();
        foreach (var user in new[] { "alice", "bob" })
        {
            var inbox = (await MailboxUids.AssertSameEverywhereAsync(mail, Machines, user))[user];
            validities.Add(Assert.Single(inbox).UidValidity);
        }

        // Fixed in the order that made the user (seconds since 1970 at the front door): same everywhere, never 0.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.All(validities, v => Assert.InRange(v, now - 600, now));
    }
}

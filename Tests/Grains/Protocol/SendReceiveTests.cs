using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Grains.Protocol;

public sealed class SendReceiveTests
{
    [Fact]
    public async Task ALetterSentOnOneMachineIsReceivedOnAnotherAndStoredOnEvery()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");

        var sent = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "Hello", "Dear Bob, hi.", "s1"));
        Assert.StartsWith("MD1.", sent.Id);

        var received = await mail.Server("MD3").Receive(await mail.LoginAsync("bob", "MD3"));
        var letter = Assert.Single(received.Letters);
        Assert.False(received.Partial);
        Assert.Equal((sent.Id, "alice", "Hello", "Dear Bob, hi."), (letter.Id, letter.From, letter.Subject, letter.Body));
        Assert.Equal(["bob"], letter.To);

        var report = await mail.QuietAsync();
        Assert.True(report.Consistent);
        Assert.Equal(3, report.Machines.Count);
        foreach (var machine in mail.Cluster.SiloNames)
        {
            var listed = await mail.Server(machine).List(await mail.LoginAsync("bob", machine));
            Assert.Equal(sent.Id, Assert.Single(listed).Id);
            Assert.Null(listed[0].Body);
            Assert.Empty(await mail.Server(machine).List(await mail.LoginAsync("alice", machine)));
        }
    }

    [Fact]
    public async Task ResendingTheSameSubmissionThroughAnotherGatewayGivesTheSameLetter()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");

        var first = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "Once", "only once", "retry-me"));
        var second = await mail.Server("MD2").Send(await mail.LoginAsync("alice", "MD2"), new SendRequest(["bob"], "Once", "only once", "retry-me"));
        Assert.Equal(first.Id, second.Id);

        await mail.QuietAsync();
        var third = await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), new SendRequest(["bob"], "Once", "only once", "retry-me"));
        Assert.Equal(first.Id, third.Id);

        var report = await mail.QuietAsync();
        Assert.True(report.Consistent);
        foreach (var machine in mail.Cluster.SiloNames)
        {
            Assert.Single(await mail.Server(machine).List(await mail.LoginAsync("bob", machine)));
            Assert.Empty(await mail.Store(machine).WorkSpace.FindProtolettersForUserAsync("bob"));
        }
    }

    [Fact]
    public async Task ReceiveWaitsForABogusProtoletterToBecomeValid()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("pauline", "john");
        var pauline = await mail.LoginAsync("pauline", "MD2");
        var john = await mail.LoginAsync("john", "MD2");

        // Slow the origin's hand-over to the Master, so the protoletter stays bogus on MD2 for a while. Only the
        // hand-over: MD2 is the Lieutenant, and slowing its pulses past the no-pulse timeout would start a takeover.
        mail.Cluster.Network.DelayWhere(c => c.Between("MD2", "MD1") && c.Method == "Submit", TimeSpan.FromMilliseconds(1500));
        var send = mail.Server("MD2").Send(pauline, new SendRequest(["john"], "Slow", "still on its way", "bogus-1"));
        await Support.WaitFor.ConditionAsync(async () =>
            (await mail.Store("MD2").WorkSpace.FindProtolettersForUserAsync("john")).Any(p => p.State == ProtoletterState.Bogus));

        var received = await mail.Server("MD2").Receive(john);

        var sent = await send;
        Assert.Equal(sent.Id, Assert.Single(received.Letters).Id);
        Assert.False(received.Partial);
    }

    [Fact]
    public async Task ReceiveIsBoundedAndSaysWhenItMayBePartial()
    {
        await using var mail = await MailTestCluster.StartAsync(protocol: p => p["receiveWaitMs"] = 300);
        await mail.AddUsersAsync("alice", "bob");
        var bob = await mail.LoginAsync("bob", "MD3");

        // MD3 cannot hear from the Master, so a letter for bob cannot arrive there in time.
        mail.Cluster.Network.Partition("MD1", "MD3");
        await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "Cut off", "...", "p1"));

        var received = await mail.Server("MD3").Receive(bob);
        Assert.True(received.Partial);
        Assert.Empty(received.Letters);

        // The partition may have lasted long enough for the Caretaker to declare MD3 dead; verify compares only live
        // machines, so first wait until MD3 is up and caught up.
        mail.Cluster.Network.Heal();
        await Recovery.RecoveryAssertions.WaitForStatusAsync(mail, "MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 up and caught up");
        var report = await mail.AssertConsistentAsync();
        Assert.Equal(3, report.Machines.Count);
        Assert.Single((await mail.Server("MD3").Receive(bob)).Letters);
    }

    [Fact]
    public async Task ListAndPollAreLocalAndWorkWhenTheMachineIsCutOffFromTheOthers()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "Local", "body", "l1"));
        await mail.QuietAsync();
        var bob = await mail.LoginAsync("bob", "MD3");

        mail.Cluster.Network.Partition("MD3", "MD1");
        mail.Cluster.Network.Partition("MD3", "MD2");

        Assert.True((await mail.Server("MD3").Poll(bob)).Mail);
        Assert.Single(await mail.Server("MD3").List(bob));
    }

    [Fact]
    public async Task BulkMailToAThousandUsersStoresOneBodyPerMachine()
    {
        await using var mail = await MailTestCluster.StartAsync();
        var users = Enumerable.Range(0, 1000).Select(i => $"u{i:D4}").ToArray();
        await mail.AddUsersAsync(["sender", .. users]);
        var admin = await mail.AdminTokenAsync();
        await mail.Server("MD1").AddList(admin, "everyone", users);
        await mail.QuietAsync();

        var body = new string('x', 50_000);
        await mail.Server("MD2").Send(await mail.LoginAsync("sender", "MD2"), new SendRequest(["everyone"], "Notice", body, "bulk-1"));
        var report = await mail.QuietAsync();

        Assert.True(report.Consistent);
        // The stored body is the whole message: the text, quoted-printable, under a To of a thousand addresses.
        var letter = Assert.Single((await mail.Server("MD1").Receive(await mail.LoginAsync("u0999", "MD1"))).Letters);
        Assert.Equal(body, letter.Body);
        foreach (var machine in mail.Cluster.SiloNames)
        {
            var stats = await mail.Store(machine).GetStatsAsync();
            Assert.Equal(1, stats.Letters);
            Assert.Equal(1000, stats.InboxEntries);
            Assert.Equal(letter.Message!.Length, stats.LetterBytes);
        }
    }
}

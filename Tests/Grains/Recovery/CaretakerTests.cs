using System.Diagnostics;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

public sealed class CaretakerTests
{
    [Fact]
    public async Task ADeadMachineIsDeclaredWithinTwoSecondsCaughtUpFromItsDmclAndBackOnTheActiveList()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var alice = await mail.LoginAsync("alice", "MD1");

        await mail.Cluster.KillSiloAsync("MD3");
        var clock = Stopwatch.StartNew();
        var status = await mail.WaitForStatusAsync("MD1", s => !s.Machines.Single(m => m.Name == "MD3").Up, "MD3 declared dead");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"declared dead after {clock.Elapsed}");

        // Life goes on: letters, a delete and a new user, all for the dead machine's catch-up list.
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await mail.Server("MD1").Send(alice, new SendRequest(["bob"], $"while MD3 is dead {i}", "body", $"dead-{i}"))).Id);
        }

        var bob = await mail.LoginAsync("bob", "MD2");
        await mail.Server("MD2").Delete(bob, [ids[0]]);
        await mail.Server("MD1").AddUser(await mail.AdminTokenAsync(), "carol", "carol-pw", isAdmin: false);
        // Five deliveries and the new user wait on MD3's catch-up list; bob's delete joined the first delivery (now to
        // nobody: MD3 may hold the letter already) instead of adding an order of its own.
        status = await mail.WaitForStatusAsync("MD1", s => s.Machines.Single(m => m.Name == "MD3").CatchupPending == 6, "requests queued for MD3");

        await mail.Cluster.StartSiloAsync("MD3");
        status = await mail.WaitForStatusAsync("MD2", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 caught up");
        Assert.Equal("MD1", status.Master);

        var report = await mail.QuietAsync();
        Assert.True(report.Consistent);
        Assert.Equal(3, report.Machines.Count);
        var onMd3 = await mail.Server("MD3").List(await mail.LoginAsync("bob", "MD3"));
        Assert.Equal(ids.Skip(1), onMd3.Select(l => l.Id));
        Assert.NotNull(await mail.Store("MD3").Users.GetUserAsync("carol"));
    }

    [Fact]
    public async Task ADeleteForADeadMachineTakesOnlyThatRecipientOutOfItsPendingDelivery()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        await mail.Cluster.KillSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => !s.Machines.Single(m => m.Name == "MD3").Up, "MD3 dead");

        var both = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob", "carol"], "both", "x", "b1"));
        var onlyBob = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "bob", "y", "b2"));
        await mail.QuietAsync(); // delivered on the live machines, queued for MD3
        var bob = await mail.LoginAsync("bob", "MD2");
        await mail.Server("MD2").Delete(bob, [both.Id, onlyBob.Id]);

        // The delivery of `onlyBob` stays in MD3's list as a delivery to nobody, `both` stays for carol only.
        await mail.WaitForStatusAsync("MD1", s => s.PendingDeletes == 0 && s.DeleteQueue == 0, "deletes absorbed");
        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up), "MD3 back");

        await mail.AssertConsistentAsync();
        Assert.Empty(await mail.Server("MD3").List(await mail.LoginAsync("bob", "MD3")));
        Assert.Equal(both.Id, Assert.Single(await mail.Server("MD3").List(await mail.LoginAsync("carol", "MD3"))).Id);
        Assert.Equal(1, (await mail.Store("MD3").GetStatsAsync()).Letters);
    }

    [Fact]
    public async Task ARestartingMachineDropsItsBogusProtoletterAndTheClientsRetryLandsOnce()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var alice = await mail.LoginAsync("alice", "MD3");

        // MD3's letter reaches the Master only after a while, and MD3 dies with it still bogus.
        mail.Cluster.Network.Delay("MD3", "MD1", TimeSpan.FromMilliseconds(800));
        var attempt = mail.Server("MD3").Send(alice, new SendRequest(["bob"], "once", "body", "crash-1"));
        await Support.WaitFor.ConditionAsync(async () =>
            (await mail.Store("MD3").WorkSpace.FindProtolettersForUserAsync("bob")).Any(p => p.State == Maildriver.Grains.Protocol.ProtoletterState.Bogus));
        await mail.Cluster.KillSiloAsync("MD3");
        // Its client is cut off with it: the call fails as the machine's being unreachable, not with an answer.
        var cutOff = await Assert.ThrowsAnyAsync<Exception>(() => attempt);
        Assert.True(Unreachable.Is(cutOff), $"the send through the killed machine failed with {cutOff}");
        mail.Cluster.Network.Heal();

        // The client repeats the request elsewhere, as the paper's front end would.
        var retried = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "once", "body", "crash-1"));

        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 back");
        await mail.AssertConsistentAsync();
        foreach (var machine in mail.Cluster.SiloNames)
        {
            Assert.Equal(retried.Id, Assert.Single(await mail.Server(machine).List(await mail.LoginAsync("bob", machine))).Id);
        }
    }
}

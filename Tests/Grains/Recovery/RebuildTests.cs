using Maildriver.Grains.Server;
using Maildriver.Grains.Hosting;
using Maildriver.Tests.Grains.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// A machine whose disk is lost comes back empty and is rebuilt from a snapshot of the Master's machine plus a
/// catch-up list, on both storage providers.
/// </summary>
public sealed class RebuildTests
{
    [Fact]
    public async Task AMachineWhoseDiskIsLostIsRebuiltFromTheOthersWithEveryLetterFlagAndUser()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        var alice = await mail.LoginAsync("alice", "MD1");
        var sent = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            sent.Add((await mail.Server("MD1").Send(alice, new SendRequest(["bob", "carol"], $"before {i}", $"body {i}", $"before-{i}"))).Id);
        }

        await mail.QuietAsync();
        var bob = await mail.LoginAsync("bob", "MD2");
        await mail.Server("MD2").Delete(bob, [sent[0]]);
        await mail.Server("MD2").Read(bob, sent[1]);
        await mail.AssertConsistentAsync();

        // MD3's disk is lost while it is down, and the cluster carries on without it.
        await mail.WipeAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => !s.Machines.Single(m => m.Name == "MD3").Up, "MD3 declared dead");
        for (var i = 0; i < 4; i++)
        {
            sent.Add((await mail.Server("MD2").Send(await mail.LoginAsync("alice", "MD2"), new SendRequest(["bob"], $"while wiped {i}", "x", $"during-{i}"))).Id);
        }

        await mail.Server("MD1").AddUser(await mail.AdminTokenAsync(), "dave", "dave-pw", isAdmin: false);

        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 rebuilt and back");

        var report = await mail.AssertConsistentAsync();
        Assert.Equal(3, report.Machines.Count);
        var onMd3 = await mail.Server("MD3").List(await mail.LoginAsync("bob", "MD3"));
        Assert.Equal(sent.Skip(1), onMd3.Select(l => l.Id));
        Assert.True(onMd3.Single(l => l.Id == sent[1]).Read);
        Assert.Equal(sent.Take(6), (await mail.Server("MD3").List(await mail.LoginAsync("carol", "MD3"))).Select(l => l.Id));
        Assert.NotNull(await mail.Store("MD3").Users.GetUserAsync("dave"));
        Assert.False(await mail.Store("MD3").Flags.GetRebuildPendingAsync());
        Assert.Empty(mail.Cluster.Crashes);
    }

    [Fact]
    public async Task LettersSentWhileTheMachineIsBeingRebuiltAllReachIt()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var alice = await mail.LoginAsync("alice", "MD1");
        for (var i = 0; i < 20; i++)
        {
            await mail.Server("MD1").Send(alice, new SendRequest(["bob"], $"old {i}", new string('o', 2000), $"old-{i}"));
        }

        await mail.AssertConsistentAsync();
        await mail.WipeAsync("MD3");

        // Letters keep coming from MD2 while MD3 restarts empty and copies MD1's snapshot.
        var fromMd2 = await mail.LoginAsync("alice", "MD2");
        using var stop = new CancellationTokenSource();
        var acknowledged = new List<string>();
        var sender = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 500; i++)
            {
                acknowledged.Add((await mail.Server("MD2").Send(fromMd2, new SendRequest(["bob"], $"new {i}", "n", $"new-{i}"))).Id);
            }
        });
        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up), "MD3 back");
        await stop.CancelAsync();
        await sender;

        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 caught up");
        await mail.AssertConsistentAsync();
        var onMd3 = (await mail.Server("MD3").List(await mail.LoginAsync("bob", "MD3"))).Select(l => l.Id).ToHashSet();
        Assert.Equal(20 + acknowledged.Count, onMd3.Count);
        Assert.Superset(acknowledged.ToHashSet(), onMd3);
        Assert.Empty(mail.Cluster.Crashes);
    }

    [Fact]
    public async Task InANewClusterTheMachinesCopyTheFirstMasterAndThenServe()
    {
        // StartAsync waits until every machine serves clients: the initial Master at once, the others once they
        // have copied its (nearly empty) store.
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice");

        foreach (var machine in mail.Cluster.SiloNames)
        {
            Assert.False(await mail.Store(machine).Flags.GetRebuildPendingAsync(), machine);
            Assert.True(mail.Cluster.GetSilo(machine).Services.GetRequiredService<SiloReadiness>().IsReady, machine);
            await mail.LoginAsync("alice", machine);
        }
    }

    [Fact]
    public async Task WhileAMachineIsBeingRebuiltClientsAreTurnedAwayAndMoveToAnotherMachine()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await mail.WipeAsync("MD3");

        // MD3 cannot reach the Master, so its rebuild cannot begin: it must not serve from its empty store.
        mail.Cluster.Network.Partition("MD3", "MD1");
        await mail.Cluster.StartSiloAsync("MD3");
        // MD3's front door turns a client away with MachineNotReadyException, the failure on which the client
        // (Client.Tui's FailoverClient) moves on to the next gateway of its list; the next machine serves the login.
        // That move itself, between real gateways, is the process tests' to check: in one process there are none.
        var refused = await Assert.ThrowsAsync<MachineNotReadyException>(() => mail.Server("MD3").Login("bob", "bob-pw"));
        Assert.Contains("being rebuilt", refused.Message);
        Assert.Equal("MD2", (await mail.Server("MD2").Login("bob", "bob-pw")).Machine);

        mail.Cluster.Network.Heal();
        await mail.WaitForReadyAsync("MD3");
        Assert.Equal("MD3", (await mail.Server("MD3").Login("bob", "bob-pw")).Machine);
        // MD3 serves as soon as its copy is in; the Master hears that the rebuild is over a moment later, and until
        // then verify rightly names MD3 as being rebuilt.
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "the Master sees MD3 rebuilt");
        await mail.AssertConsistentAsync();
    }
}

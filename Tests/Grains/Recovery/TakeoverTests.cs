using System.Diagnostics;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

public sealed class TakeoverTests
{
    [Fact]
    public async Task WhenTheLieutenantDiesTheMasterAppointsAnotherAndSendsItEverything()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");

        await mail.Cluster.KillSiloAsync("MD2");
        var status = await mail.WaitForStatusAsync("MD1", s => s.Lieutenant == "MD3", "MD3 appointed Lieutenant");
        Assert.True(status.Epoch > 1);
        Assert.False(status.Machines.Single(m => m.Name == "MD2").Up);

        var sent = await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), new SendRequest(["bob"], "after", "the Lieutenant died", "l1"));
        Assert.Equal(1, await LieutenantRecordsAsync(mail, "MD3"));

        await mail.Cluster.StartSiloAsync("MD2");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD2 back");
        await mail.AssertConsistentAsync();
        Assert.Equal(sent.Id, Assert.Single(await mail.Server("MD2").List(await mail.LoginAsync("bob", "MD2"))).Id);
    }

    // The Lieutenant's record count on a machine (it must hold the pending letter until every machine finished).
    private static async Task<int> LieutenantRecordsAsync(MailTestCluster mail, string lieutenant)
        => await mail.Cluster.GetSilo(lieutenant).GrainFactory.GetGrain<ILieutenantGrain>(lieutenant).PendingCount();

    [Fact]
    public async Task WhenTheMasterDiesTheLieutenantTakesOverWithAHigherEpochAndNothingAcknowledgedIsLost()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");

        // Letters acknowledged while MD3 cannot hear from the Master: the fan-out is unfinished when it dies.
        mail.Cluster.Network.Partition("MD1", "MD3");
        var alice = await mail.LoginAsync("alice", "MD2");
        var before = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            before.Add((await mail.Server("MD2").Send(alice, new SendRequest(["bob"], $"mid fan-out {i}", "x", $"m{i}"))).Id);
        }

        await mail.Cluster.KillSiloAsync("MD1");
        mail.Cluster.Network.Heal();
        var clock = Stopwatch.StartNew();

        // The first acknowledged send through the new Master.
        var after = await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), new SendRequest(["bob"], "new master", "y", "m-new"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"first send after the Master died took {clock.Elapsed}");

        // The new Master answers from the grant of mastership on, and marks MD1 dead a moment before it appoints its
        // Lieutenant: wait for the takeover to be done.
        var status = await mail.WaitForStatusAsync(
            "MD3", s => s.Master == "MD2" && !s.Machines.Single(m => m.Name == "MD1").Up && s.Lieutenant is not null, "MD2 is Master with a Lieutenant and MD1 dead");
        Assert.True(status.Epoch > 1);
        Assert.Equal("MD3", status.Lieutenant);

        // MD1 is dead: verify names it instead of calling the two live replicas consistent.
        await mail.AssertLiveReplicasAgreeAsync("MD2", "MD1");
        var onMd3 = await mail.Server("MD3").List(await mail.LoginAsync("bob", "MD3"));
        Assert.Equal(before.Append(after.Id).Order(), onMd3.Select(l => l.Id).Order());

        // The old Master comes back as an ordinary machine and is caught up.
        await mail.Cluster.StartSiloAsync("MD1");
        status = await mail.WaitForStatusAsync("MD2", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD1 caught up");
        Assert.Equal("MD2", status.Master);
        var report = await mail.AssertConsistentAsync("MD2");
        Assert.Equal(3, report.Machines.Count);
        Assert.Empty(report.Unchecked);
    }

    [Fact]
    public async Task WhenTheMasterAndTheOriginDieOneAfterTheOtherTheBodyWaitsOnTheDoYouHaveItList()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");

        // The Lieutenant (MD2) records letters but never receives the Master's orders.
        mail.Cluster.Network.DropWhere(c => c.Between("MD1", "MD2") && c.Method == "Apply");
        var sent = await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), new SendRequest(["bob"], "lost?", "not lost", "dyhi"));
        await Support.WaitFor.ConditionAsync(async () => (await mail.Store("MD3").GetStatsAsync()).Letters == 1, because: "delivered on its origin");

        await mail.Cluster.KillSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => !s.Machines.Single(m => m.Name == "MD3").Up, "MD3 dead");
        await mail.Cluster.KillSiloAsync("MD1");
        mail.Cluster.Network.Heal();

        var status = await mail.WaitForStatusAsync("MD2", s => s.Master == "MD2" && s.DoYouHaveIt.Contains(sent.Id), "the letter is on the DoYouHaveIt list");
        Assert.Equal(1, status.PendingSends);

        // The origin comes back with its copy: the new Master takes it and delivers everywhere.
        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD2", s => s.DoYouHaveIt.Count == 0 && s.Machines.Single(m => m.Name == "MD3").Up, "found on MD3");
        await mail.Cluster.StartSiloAsync("MD1");
        await mail.WaitForStatusAsync("MD2", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "all back");
        await mail.AssertConsistentAsync("MD2");
        Assert.Equal(sent.Id, Assert.Single(await mail.Server("MD2").List(await mail.LoginAsync("bob", "MD2"))).Id);
    }

    [Fact]
    public async Task ALiveOriginThatDidNotAnswerTheTakeoversSearchIsAskedAgainOnTheCaretakersRound()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");

        // As above, the Lieutenant (MD2) records the letter but never receives the Master's orders; this time the
        // origin (MD3) stays alive, but its answer to the new Master's FindFile is lost (a timeout under load, say).
        mail.Cluster.Network.DropWhere(c => c.Between("MD1", "MD2") && c.Method == "Apply");
        var sent = await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), new SendRequest(["bob"], "slow origin", "not lost", "dyhi-live"));
        await Support.WaitFor.ConditionAsync(async () => (await mail.Store("MD3").GetStatsAsync()).Letters == 1, because: "delivered on its origin");
        mail.Cluster.Network.DropWhere(c => c.Between("MD2", "MD3") && c.Method == nameof(IReplicaGrain.FindLetter));

        await mail.Cluster.KillSiloAsync("MD1");
        await mail.WaitForStatusAsync("MD2", s => s.Master == "MD2" && s.DoYouHaveIt.Contains(sent.Id), "the letter is on the DoYouHaveIt list");
        mail.Cluster.Network.Heal();

        // No machine comes back, and none has to: MD3, alive, is asked again and has it.
        await mail.WaitForStatusAsync("MD2", s => s.DoYouHaveIt.Count == 0 && s.Machines.Single(m => m.Name == "MD1").CatchupPending == 1, "the letter found on MD3, and waiting for MD1 only");
        await Support.WaitFor.ConditionAsync(
            async () => (await mail.Server("MD2").List(await mail.LoginAsync("bob", "MD2"))).Any(l => l.Id == sent.Id),
            because: "the letter delivered on MD2");
        Assert.Equal(sent.Id, Assert.Single(await mail.Server("MD3").List(await mail.LoginAsync("bob", "MD3"))).Id);
        await mail.AssertLiveReplicasAgreeAsync("MD2", "MD1");
    }

    [Fact]
    public async Task AMasterPartitionedAwayIsReplacedAndStepsDownWhenItLearnsTheNewerEpoch()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");

        mail.Cluster.Network.Isolate("MD1");
        var status = await mail.WaitForStatusAsync("MD2", s => s.Master == "MD2", "MD2 took over");
        var sent = await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), new SendRequest(["bob"], "during", "the partition", "fence"));

        mail.Cluster.Network.Heal();
        status = await mail.WaitForStatusAsync("MD1", s => s.Master == "MD2" && s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD1 stepped down and caught up");
        Assert.True(status.Epoch > 1);
        await mail.AssertConsistentAsync("MD2");
        Assert.Equal(sent.Id, Assert.Single(await mail.Server("MD1").List(await mail.LoginAsync("bob", "MD1"))).Id);
    }

    [Theory]
    [InlineData("MD2")]
    [InlineData("MD3")]
    public async Task ChangeMasterHandsEverythingToTheChosenMachine(string target)
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");

        // MD3 stays alive (its pulse answers) but gets none of the Master's orders: the letter stays pending.
        mail.Cluster.Network.DropWhere(c => c.Between("MD1", "MD3") && c.Method == "Apply");
        var pending = await mail.Server("MD2").Send(await mail.LoginAsync("alice", "MD2"), new SendRequest(["bob"], "pending", "x", "cm1"));

        var status = await mail.Server("MD2").ChangeMaster(await mail.AdminTokenAsync("MD2"), target);
        Assert.Equal(target, status.Master);
        Assert.NotEqual(target, status.Lieutenant);
        Assert.True(status.Epoch > 1);
        mail.Cluster.Network.Heal();

        var sent = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "after", "y", "cm2"));
        await mail.WaitForStatusAsync(target, s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "all up");
        Assert.True((await mail.QuietAsync(target)).Consistent);
        foreach (var machine in mail.Cluster.SiloNames)
        {
            var ids = (await mail.Server(machine).List(await mail.LoginAsync("bob", machine))).Select(l => l.Id).Order();
            Assert.Equal(new[] { pending.Id, sent.Id }.Order(), ids);
        }
    }
}

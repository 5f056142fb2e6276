using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// Issue 12: two durable copies or no acknowledgement. A Lieutenant that takes over has no Lieutenant of its own
/// until it appoints one, and is never its own; while every other machine is down it acknowledges nothing, says
/// why, and keeps the records it took over with on its disk, so that even its own restart loses nothing.
/// </summary>
public sealed class NoLieutenantTests
{
    [Fact]
    public async Task AMasterWithEveryOtherMachineDownAcknowledgesNothingAndSaysWhyUntilALieutenantIsBack()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await mail.Cluster.KillSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => !s.Machines.Single(m => m.Name == "MD3").Up, "MD3 dead");

        // Acknowledged with MD3 down: on its catch-up list, in the Lieutenant MD2's records.
        var first = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "while MD3 is down", "1", "no-lt-1"));

        // MD2 answers as Master from the moment its Replica is granted mastership, a moment before its Master has
        // taken the records over and marked MD1 and MD3 dead: meanwhile it says it is appointing a Lieutenant.
        await mail.Cluster.KillSiloAsync("MD1");
        var alone = await mail.WaitForStatusAsync("MD2", s => s.Master == "MD2" && s.NotAcknowledging != "appointing a Lieutenant", "MD2 took over");
        Assert.Null(alone.Lieutenant);
        Assert.Contains("MD1 and MD3 are down", alone.NotAcknowledging);
        Assert.True(alone.Epoch > 1);

        var alice = await mail.LoginAsync("alice", "MD2");
        var refused = await Assert.ThrowsAsync<NoLieutenantException>(
            () => mail.Server("MD2").Send(alice, new SendRequest(["bob"], "with no Lieutenant", "2", "no-lt-2")));
        Assert.Contains("temporarily unavailable", refused.Message);
        Assert.Contains("nothing was acknowledged", refused.Message);
        var bob = await mail.LoginAsync("bob", "MD2");
        await Assert.ThrowsAsync<NoLieutenantException>(() => mail.Server("MD2").Delete(bob, [first.Id]));

        // MD2 dies too, holding the only other copy of what MD1 acknowledged: the records it took over with. Restarted
        // first and alone, it takes over again from them; the others come back and are caught up.
        await mail.Cluster.KillSiloAsync("MD2");
        await mail.Cluster.StartSiloAsync("MD2");
        var again = await mail.WaitForStatusAsync("MD2", s => s.Master == "MD2" && s.Epoch > alone.Epoch, "MD2 took over again");
        Assert.Null(again.Lieutenant);
        await mail.Cluster.StartSiloAsync("MD1");
        await mail.Cluster.StartSiloAsync("MD3");
        var healed = await mail.WaitForStatusAsync(
            "MD2",
            s => s.Machines.All(m => m.Up && m.CatchupPending == 0) && s.Lieutenant is not null && s.NotAcknowledging is null,
            "every machine back and a Lieutenant appointed",
            TimeSpan.FromSeconds(40));
        Assert.NotEqual(healed.Master, healed.Lieutenant);

        // The refused send was not acknowledged: its retry, with the same submission id, lands once.
        var second = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "with no Lieutenant", "2", "no-lt-2"));
        await mail.AssertConsistentAsync("MD2");
        foreach (var machine in mail.Cluster.SiloNames)
        {
            var ids = (await mail.Server(machine).List(await mail.LoginAsync("bob", machine))).Select(l => l.Id).Order(StringComparer.Ordinal);
            Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), ids);
        }
    }
}

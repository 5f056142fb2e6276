using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;
using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// Issue 12, the undone delete. Section 10.1 lets a delete for a dead machine meet a pending delivery of the same
/// letter in its catch-up list instead of travelling on its own. The delivery may have reached the machine after
/// all: it carried the order out and died before its answer came back, so the Sender put the order back in the list.
/// If the delete then took the delivery out of the list, nothing ever removed the row the machine already had, and
/// the acknowledged delete came back when the machine did.
/// </summary>
public sealed class DeleteForADeadMachineTests
{
    [Fact]
    public async Task ADeleteThatMeetsADeliveryTheDeadMachineAlreadyCarriedOutStillReachesIt()
    {
        await using var clock = new SteppedClock();
        await using var mail = await MailTestCluster.StartAsync(time: clock.Time);
        await mail.AddUsersAsync("ann", "cat");
        var ann = await mail.LoginAsync("ann", "MD1");
        var cat = await mail.LoginAsync("cat", "MD1");

        // From here on the protocol's time moves only when the test says so: no pulse, so nothing is declared dead.
        await clock.PauseAsync();

        // MD3 hears the Master but cannot answer it: it carries the delivery out, and the "got it" is held back.
        mail.Cluster.Network.HoldRepliesWhere(c => c.Between("MD1", "MD3") && c.Method == nameof(IReplicaGrain.Apply));
        var letter = await mail.Server("MD1").Send(ann, new SendRequest(["cat"], "only for cat", "body", "absorbed-1"));
        await WaitFor.ConditionAsync(
            async () => (await mail.Store("MD3").Inboxes.ListInboxAsync("cat", withBodies: false)).Any(e => e.Header.Id == letter.Id),
            because: "MD3 delivered the letter to cat");
        await WaitFor.ConditionAsync(
            async () => (await mail.Server("MD2").List(await mail.LoginAsync("cat", "MD2"))).Any(l => l.Id == letter.Id),
            because: "MD2 delivered the letter to cat");

        // MD3 dies before its answer arrives. Released now, the answer fails as from a dead machine (the fault net
        // fails a held reply whose end died, as Orleans fails a call in flight to a silo declared dead), so the
        // Sender puts the delivery back in MD3's list, and the Caretaker puts MD3 on the Dead Machine List: the
        // delivery is now in its DMCL.
        await mail.Cluster.KillSiloAsync("MD3");
        mail.Cluster.Network.Heal();
        await clock.StepAsync(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        var status = await mail.Server("MD1").Status(await mail.AdminTokenAsync());
        Assert.False(status.Machines.Single(m => m.Name == "MD3").Up);
        Assert.Equal(1, status.Machines.Single(m => m.Name == "MD3").CatchupPending);

        // cat deletes the letter: acknowledged once Master and Lieutenant recorded it, and MD3's list meets it.
        Assert.Equal([letter.Id], (await mail.Server("MD1").Delete(cat, [letter.Id])).Deleted);

        clock.Resume();
        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0) && s.PendingSends == 0 && s.PendingDeletes == 0, "MD3 caught up");

        foreach (var machine in mail.Cluster.SiloNames)
        {
            Assert.DoesNotContain(letter.Id, (await mail.Server(machine).List(await mail.LoginAsync("cat", machine))).Select(l => l.Id));
            Assert.Equal(0, (await mail.Store(machine).GetStatsAsync()).Letters);
        }

        var report = await mail.AssertConsistentAsync();
        Assert.Equal(3, report.Machines.Count);
    }
}

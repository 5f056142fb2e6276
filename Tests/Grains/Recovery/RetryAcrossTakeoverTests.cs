using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// Issue 12, found by the torture test: a client whose send was cut off by the Master's death repeats it at the
/// Lieutenant's machine just as the Lieutenant takes over. Mastership is granted a moment before the records are
/// handed to the new Master; a Submit that got in between did not know the letter and made a second one with the
/// same submission, and once both were delivered every machine crashed on the store's unique submission key.
/// </summary>
public sealed class RetryAcrossTakeoverTests
{
    [Fact]
    public async Task ARetryThatReachesTheNewMasterBeforeItsRecordsIsAnsweredWithTheSameLetter()
    {
        await using var clock = new SteppedClock();
        await using var mail = await MailTestCluster.StartAsync(time: clock.Time);
        await mail.AddUsersAsync("fay", "bob");
        var fay = await mail.LoginAsync("fay", "MD1");
        var fayAtMd2 = await mail.LoginAsync("fay", "MD2");

        // Nothing moves by itself from here: no pulse, so no takeover but the one the test makes.
        await clock.PauseAsync();

        // The letter reaches the Master's store and the Lieutenant's records, and no other machine; the Master dies.
        mail.Cluster.Network.DropWhere(c => c.Between("MD1", "MD2") && c.Method == "Apply");
        mail.Cluster.Network.DropWhere(c => c.Between("MD1", "MD3") && c.Method == "Apply");
        var request = new SendRequest(["bob"], "once", "body", "retry-across-takeover");
        var sent = await mail.Server("MD1").Send(fay, request);
        await WaitFor.ConditionAsync(
            async () => (await mail.Store("MD1").Inboxes.ListInboxAsync("bob", withBodies: false)).Any(e => e.Header.Id == sent.Id),
            because: "MD1 delivered the letter (a kill mid-delivery is a crash of its own)");
        await mail.Cluster.KillSiloAsync("MD1");

        // The Lieutenant's takeover, one step at a time, as LieutenantGrain.BecomeMasterAsync makes it.
        var md2 = mail.Cluster.GetSilo("MD2").GrainFactory;
        var before = await md2.GetGrain<IReplicaGrain>("MD2").GetView();
        var records = await mail.Store("MD2").LieutenantDirectory.GetAllAsync();
        await md2.GetGrain<IReplicaGrain>("MD2").GrantMastership(new ClusterView(before.Epoch + 1, "MD2", null));

        // Between the grant and the records, fay's client repeats the send at MD2.
        var retry = mail.Server("MD2").Send(fayAtMd2, request);
        await WaitFor.ConditionAsync(
            async () => (await mail.Store("MD2").WorkSpace.FindProtolettersForUserAsync("bob")).Count > 0,
            because: "MD2 took the retry in and hands it to its Master");

        // A Submit that got past the new Master before the records did would store its letter in the Master directory
        // at once: give it the chance to show itself (a bounded look, not a wait for anything that must happen).
        try
        {
            await WaitFor.ConditionAsync(
                async () => (await mail.Store("MD2").MasterDirectory.GetAllAsync()).Any(l => l.Header.SubmissionKey.EndsWith(request.SubmissionId, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }

        await md2.GetGrain<IMasterGrain>("MD2").TakeOver(new TakeOverState(records, [], "MD1", FormerMasterAlive: false));
        clock.Resume();
        Assert.Equal(sent.Id, (await retry).Id);

        // MD1 comes back with the only body (the DoYouHaveIt list); one letter everywhere, no machine crashed.
        mail.Cluster.Network.Heal();
        await mail.Cluster.StartSiloAsync("MD1");
        await mail.WaitForStatusAsync("MD2", s => s.Machines.All(m => m.Up && m.CatchupPending == 0) && s.DoYouHaveIt.Count == 0 && s.LiveWork == 0, "MD1 back and the letter delivered");
        await mail.AssertConsistentAsync("MD2");
        foreach (var machine in mail.Cluster.SiloNames)
        {
            Assert.Equal([sent.Id], (await mail.Server(machine).List(await mail.LoginAsync("bob", machine))).Select(l => l.Id));
        }

        Assert.Empty(mail.Cluster.Crashes);
    }
}

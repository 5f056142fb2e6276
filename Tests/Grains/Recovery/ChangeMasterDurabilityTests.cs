using Maildriver.Grains.Master;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;
using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// Issue 12, "change master": an acknowledged change survives the crash of the new Master or of the old one right
/// after the acknowledgement. The cluster ends with a Master of a higher epoch than before the change, every machine
/// on that epoch and only that Master running; a letter and a new user acknowledged before the change, and not yet
/// on the third machine when it happened, are not lost.
/// </summary>
public sealed class ChangeMasterDurabilityTests
{
    private const string OldMaster = "MD1";

    [Theory]
    [InlineData("MD3", "new")] // the target held no rank; the Lieutenant (MD2) keeps its records through the change
    [InlineData("MD3", "old")]
    [InlineData("MD2", "new")] // the target was the Lieutenant; it appoints MD3 before the acknowledgement
    [InlineData("MD2", "old")]
    public async Task AnAcknowledgedChangeOfMasterSurvivesTheCrashOfTheNewOrTheOldMaster(string target, string killed)
    {
        // The third machine: neither the old Master nor the target. The change is made through it and the cluster
        // watched through it, since it is never the victim.
        var third = target == "MD3" ? "MD2" : "MD3";
        var victim = killed == "new" ? target : OldMaster;
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await CrashAfterAck.SettleAsync(mail);
        var before = await mail.Server(third).Status(await mail.AdminTokenAsync(third));

        // Acknowledged before the change, through the old Master's machine, and held back from the third machine.
        CrashAfterAck.HoldOrders(mail, OldMaster, [third]);
        var letter = await mail.Server(OldMaster).Send(await mail.LoginAsync("alice", OldMaster), new SendRequest(["bob"], "before the change", "x", "cm"));
        await mail.Server(OldMaster).AddUser(await mail.AdminTokenAsync(OldMaster), "carol", "carol-pw", isAdmin: false);

        // The new Master's orders are held back too, so at the crash the change is acknowledged and its re-issued
        // work not finished.
        CrashAfterAck.HoldOrders(mail, target, mail.Cluster.SiloNames.Where(m => m != target));
        var acknowledged = await mail.Server(third).ChangeMaster(await mail.AdminTokenAsync(third), target);
        Assert.Equal(target, acknowledged.Master);
        Assert.NotEqual(target, acknowledged.Lieutenant);
        Assert.True(acknowledged.Epoch > before.Epoch, $"the change kept epoch {before.Epoch}");
        Assert.Null(await mail.Store(third).Inboxes.GetInboxEntryAsync("bob", letter.Id));
        Assert.Null(await mail.Store(third).Users.GetUserAsync("carol"));

        var final = await CrashAfterAck.KillAndRecoverAsync(mail, victim, third);

        Assert.True(final.Epoch > before.Epoch, $"the cluster ended at epoch {final.Epoch}, not above {before.Epoch}");
        if (victim == target)
        {
            Assert.True(final.Epoch > acknowledged.Epoch, $"{target} died as Master of epoch {acknowledged.Epoch}; the cluster ended at epoch {final.Epoch}");
        }
        else
        {
            Assert.Equal(target, final.Master);
        }

        await AssertOneMasterEverywhereAsync(mail, final.Master);
        foreach (var machine in mail.Cluster.SiloNames)
        {
            var inbox = await mail.Server(machine).List(await mail.LoginAsync("bob", machine));
            Assert.True(inbox.Count(l => l.Id == letter.Id) == 1, $"{machine}: the letter acknowledged before the change is not in bob's inbox once");
            Assert.Equal("carol", (await mail.Server(machine).Login("carol", "carol-pw")).User);
        }

        await mail.AssertConsistentAsync(third);
    }

    /// <summary>Every request kind, for the handover race below.</summary>
    public static TheoryData<string> Kinds() => [.. AcknowledgedRequest.Kinds];

    /// <summary>
    /// A request the Lieutenant has written down, whose "got it" reaches the old Master only after it handed its
    /// records over, must still be carried out everywhere if it is acknowledged: the handover did not include it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ARequestRecordedWhileTheMasterHandsOverIsCarriedOutEverywhere(string kind)
    {
        var request = new AcknowledgedRequest(kind);
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await request.ArrangeAsync(mail);
        await CrashAfterAck.SettleAsync(mail);

        mail.Cluster.Network.HoldRepliesWhere(c => c.Between(OldMaster, "MD2") && c.Method == nameof(ILieutenantGrain.Record));
        var acknowledged = request.ActAsync(mail, "MD3");
        await WaitFor.ConditionAsync(
            async () => (await mail.Store("MD2").LieutenantDirectory.GetAllAsync()).Any(r => r.Kind != LieutenantRecords.DeadKind),
            because: "the Lieutenant wrote the request down");

        var changed = await mail.Server("MD2").ChangeMaster(await mail.AdminTokenAsync("MD2"), "MD3");
        Assert.Equal("MD3", changed.Master);
        mail.Cluster.Network.Heal();
        await acknowledged;

        await mail.WaitForStatusAsync("MD3", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "all up");
        await mail.QuietAsync("MD3");
        foreach (var machine in mail.Cluster.SiloNames)
        {
            await request.AssertTookEffectAsync(mail, machine);
        }

        await mail.AssertConsistentAsync("MD3");
    }

    // No machine acts on an older epoch: every one names the final Master and its epoch (the last announcement may
    // still be on its way: wait for it), and only that Master's machine runs a Master.
    private static async Task AssertOneMasterEverywhereAsync(MailTestCluster mail, string master)
    {
        await WaitFor.ConditionAsync(
            async () =>
            {
                var epoch = (await mail.Server(master).Status(await mail.AdminTokenAsync(master))).Epoch;
                var views = await Task.WhenAll(mail.Cluster.SiloNames.Select(m => mail.Server(m).Hello()));
                return views.All(v => v.Master == master && v.Epoch == epoch);
            },
            because: $"every machine names {master} Master at its epoch");

        foreach (var machine in mail.Cluster.SiloNames)
        {
            var pulse = await mail.Cluster.GetSilo(machine).GrainFactory.GetGrain<IReplicaGrain>(machine).Pulse();
            Assert.True(pulse.MasterRunning == (machine == master), $"{machine}: Master running = {pulse.MasterRunning}; the Master is {master}");
        }
    }
}

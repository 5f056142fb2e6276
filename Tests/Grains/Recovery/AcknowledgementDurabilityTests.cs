using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// Issue 12: every acknowledged request kind survives the crash of a machine that holds one of its copies, killed
/// right after the acknowledgement, while the request is not yet finished everywhere (the Master's orders to the
/// other two machines are held back). The README's "What an acknowledgement means" states what these check.
/// MD1 is Master and MD2 Lieutenant at the start of every test.
/// </summary>
public sealed class AcknowledgementDurabilityTests
{
    private const string Master = "MD1";
    private const string Lieutenant = "MD2";
    private static readonly string[] Held = ["MD2", "MD3"];

    /// <summary>
    /// Each kind × (the machine killed, the machine the request is made through): never the victim, except for a
    /// send, whose origin is killed too.
    /// </summary>
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var kind in AcknowledgedRequest.Kinds)
        {
            data.Add(kind, "Master", "MD3");
            data.Add(kind, "Master", "MD2"); // through the Lieutenant's machine: its record and the origin's copy on one disk
            data.Add(kind, "Lieutenant", "MD3");
            data.Add(kind, "Lieutenant", "MD1"); // through the Master's machine
        }

        data.Add(AcknowledgedRequest.Send, "origin", "MD3");
        data.Add(AcknowledgedRequest.Send, "Master", "MD1"); // the body on the Master's disk alone: DoYouHaveIt
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnAcknowledgedRequestSurvivesTheCrashOfAMachineHoldingOneOfItsCopies(string kind, string victimRole, string via)
    {
        var victim = victimRole switch
        {
            "Master" => Master,
            "Lieutenant" => Lieutenant,
            _ => via,
        };
        var observer = via != victim ? via : victim == Master ? Lieutenant : Master; // a survivor to ask
        var request = new AcknowledgedRequest(kind);
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await request.ArrangeAsync(mail);
        await CrashAfterAck.SettleAsync(mail);

        CrashAfterAck.HoldOrders(mail, Master, Held);
        await request.ActAsync(mail, via);

        // Acknowledged, and not finished: no held machine has it, except the origin of a request, which applies it
        // before it answers. The durable copies are where the README says.
        foreach (var machine in Held.Where(m => m != via || request.IsSend))
        {
            Assert.False(await request.TookEffectAsync(mail, machine), $"the '{kind}' reached {machine} before the crash: nothing is held back");
        }

        await request.AssertDurableCopiesAsync(mail, Master, Lieutenant, via);

        await CrashAfterAck.KillAndRecoverAsync(mail, victim, observer);
        foreach (var machine in mail.Cluster.SiloNames)
        {
            await request.AssertTookEffectAsync(mail, machine);
        }

        await mail.AssertConsistentAsync(observer);
    }

    /// <summary>
    /// A delete of a letter still mid-delivery waits in the Master's Delete queue (memory) with its record at the
    /// Lieutenant. The Master's own machine had delivered the letter when it dies; the new Master must still delete
    /// bob's copy there when it comes back.
    /// </summary>
    [Fact]
    public async Task ADeleteAcknowledgedWhileItsLetterIsMidDeliverySurvivesTheMastersCrash()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await CrashAfterAck.SettleAsync(mail);

        // Sent through MD3, whose "mark valid" never arrives: the letter stays mid-delivery, a bogus protoletter on
        // its origin, while MD1 and MD2 deliver it.
        CrashAfterAck.HoldOrders(mail, Master, ["MD3"]);
        var sent = await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), new SendRequest(["bob"], "mid-delivery", "x", "mid"));
        await WaitFor.ConditionAsync(
            async () => await mail.Store(Master).Inboxes.GetInboxEntryAsync("bob", sent.Id) is not null
                        && await mail.Store(Lieutenant).Inboxes.GetInboxEntryAsync("bob", sent.Id) is not null,
            because: "delivered on MD1 and MD2");

        // Bob deletes it through MD2 (which applies it at once); the Master defers it, the letter being mid-delivery.
        await mail.Server(Lieutenant).Delete(await mail.LoginAsync("bob", Lieutenant), [sent.Id]);
        Assert.NotNull(await mail.Store(Master).Inboxes.GetInboxEntryAsync("bob", sent.Id));

        await CrashAfterAck.KillAndRecoverAsync(mail, Master, "MD3");
        foreach (var machine in mail.Cluster.SiloNames)
        {
            var inbox = await mail.Server(machine).List(await mail.LoginAsync("bob", machine));
            Assert.True(inbox.All(l => l.Id != sent.Id), $"{machine}: bob's acknowledged delete did not take effect; the letter is still in his inbox");
        }

        await mail.AssertConsistentAsync("MD3");
    }
}

using Maildriver.Clustering.Tests.FaultNet;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;
using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// The moves every "crash right after the acknowledgement" test makes: settle the cluster, hold the Master's orders
/// back so that an acknowledged request is not finished everywhere, kill a machine, and bring the cluster back to
/// all machines up and quiet.
/// </summary>
internal static class CrashAfterAck
{
    /// <summary>
    /// Waits until the cluster is quiet and the Lieutenant holds no record, so a takeover re-issues only what the test
    /// is about (a letter of the arrangement still recorded would be re-issued too, and delivered again).
    /// </summary>
    public static async Task SettleAsync(MailTestCluster mail, string via = "MD1")
    {
        await mail.AssertConsistentAsync(via);
        await WaitFor.ConditionAsync(
            async () =>
            {
                var lieutenant = (await mail.Server(via).Status(await mail.AdminTokenAsync(via))).Lieutenant;
                return lieutenant is not null && await mail.Cluster.GetSilo(lieutenant).GrainFactory.GetGrain<ILieutenantGrain>(lieutenant).PendingCount() == 0;
            },
            because: "the Lieutenant forgot every finished request");
    }

    /// <summary>
    /// Holds back every order <paramref name="master"/> sends to <paramref name="others"/> until the network heals
    /// (its own machine's orders are local calls and cannot be held). At the heal a held order goes on only if both
    /// ends are still the same live silos: nothing a killed Master sent arrives after its death, so whatever reaches
    /// the others comes from a replay, and an order held for a killed machine fails and stays in its Sender's queue.
    /// </summary>
    public static void HoldOrders(MailTestCluster mail, string master, IEnumerable<string> others)
    {
        foreach (var other in others)
        {
            mail.Cluster.Network.HoldWhere(c => c.Between(master, other) && IsOrder(c));
        }
    }

    // The Master's orders to a replica: a Sender's batch.
    private static bool IsOrder(NetCall call) => call.Method == nameof(IReplicaGrain.Apply);

    /// <summary>
    /// Kills <paramref name="victim"/> at once, heals the network (releasing what was held), waits until the others
    /// have noticed (it is on the Dead Machine List and holds no rank), starts it again on its disk, and waits until
    /// every machine is up, caught up and quiet (the caller asserts what it expects, then that the replicas agree).
    /// Returns the Master's final status.
    /// </summary>
    public static async Task<MasterStatus> KillAndRecoverAsync(MailTestCluster mail, string victim, string via)
    {
        await mail.Cluster.KillSiloAsync(victim);
        mail.Cluster.Network.Heal();
        await mail.WaitForStatusAsync(
            via,
            s => s.Master != victim && s.Lieutenant != victim && !s.Machines.Single(m => m.Name == victim).Up,
            $"{victim} noticed dead and stripped of any rank");

        await mail.Cluster.StartSiloAsync(victim);
        await mail.WaitForReadyAsync(victim);
        await mail.WaitForStatusAsync(via, s => s.Machines.All(m => m.Up && m.CatchupPending == 0), $"{victim} back and caught up");
        await mail.QuietAsync(via);
        return await mail.Server(via).Status(await mail.AdminTokenAsync(via));
    }
}

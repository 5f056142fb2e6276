using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Storage;

using Maildriver.Grains.Hosting;

using Orleans.Concurrency;

namespace Maildriver.Grains.Dashboard;

/// <summary>
/// Answers for its machine from what is already kept: its start, the event log and the store's figures, which the
/// store keeps as it is written (<see cref="MailStore.GetStatsAsync"/>), so however many dashboards ask, no
/// question reads the mail. It takes no other grain's turn:
/// the digest is read from the store directly rather than through the Replica, whose turns belong to deliveries.
/// </summary>
// Reentrant: it only reads, and many dashboards asking at once must not queue behind one another.
[Reentrant]
// Pinned to the machine its key names: its state is that machine's disk.
[MachinePlacement]
public sealed class MachineMonitorGrain(SiloStarted started, MailStore store, ClusterEventLog events, SiloIdentity silo, TimeProvider time) : Grain, IMachineMonitorGrain
{
    public async Task<MachineReport> Report()
    {
        var view = await GrainFactory.GetGrain<IReplicaGrain>(silo.Name).GetView();
        MailStoreStats? mail = null;
        string? mailError = null;
        try
        {
            mail = await store.GetStatsAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A store that cannot be counted (a failing disk: a failed commit has the figures counted again) is worth
            // showing, not worth failing the whole report.
            mailError = ex.Message;
        }

        return new MachineReport(silo.Name, view, started.At, time.GetUtcNow(), mail, mailError, await events.RecentAsync());
    }

    public Task Remember(ClusterEvent clusterEvent)
    {
        events.Remember(clusterEvent);
        return Task.CompletedTask;
    }

    public Task<ReplicaDigest> Digest() => store.ComputeDigestAsync(silo.Name);
}

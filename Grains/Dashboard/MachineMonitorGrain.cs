using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Storage;

using Maildriver.Grains.Hosting;

using Orleans.Concurrency;

namespace Maildriver.Grains.Dashboard;

/// <summary>
/// Answers for its machine from what is already kept: its start, the event log and one cheap counting
/// query on the store, reused for a couple of seconds however many dashboards ask. It takes no other grain's turn:
/// the digest is read from the store directly rather than through the Replica, whose turns belong to deliveries.
/// </summary>
// Reentrant: it only reads, and many dashboards asking at once must not queue behind one slow count.
[Reentrant]
// Pinned to the machine its key names: its state is that machine's disk.
[MachinePlacement]
public sealed class MachineMonitorGrain(SiloStarted started, MailStore store, ClusterEventLog events, SiloIdentity silo, TimeProvider time) : Grain, IMachineMonitorGrain
{
    private static readonly TimeSpan MailFiguresAge = TimeSpan.FromSeconds(2);

    private MailStoreStats? _mail;
    private long _mailReadAt;
    private Task<MailStoreStats>? _reading;

    public async Task<MachineReport> Report()
    {
        var view = await GrainFactory.GetGrain<IReplicaGrain>(silo.Name).GetView();
        MailStoreStats? mail = null;
        string? mailError = null;
        try
        {
            mail = await MailFiguresAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A store that cannot be read (a failing disk) is worth showing, not worth failing the whole report.
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

    // The activation is reentrant, but everything here runs on its one scheduler: no lock, one query at a time.
    private async Task<MailStoreStats> MailFiguresAsync()
    {
        if (_mail is { } fresh && time.GetElapsedTime(_mailReadAt) < MailFiguresAge)
        {
            return fresh;
        }

        _reading ??= store.GetStatsAsync();
        try
        {
            _mail = await _reading;
            _mailReadAt = time.GetTimestamp();
            return _mail;
        }
        finally
        {
            _reading = null;
        }
    }
}

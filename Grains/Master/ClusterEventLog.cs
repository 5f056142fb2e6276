using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Dashboard;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// The cluster's recent events (deaths, rebirths, takeovers, changes of master, appointments), kept so that no
/// machine's death loses them: the Master or Lieutenant that records one keeps it in its machine's store and hands a
/// copy to every other machine (<see cref="IMachineMonitorGrain.Remember"/>), which keeps it in its own store. So
/// after any number of changes of Master, any machine that was up meanwhile still has them, a machine that was down
/// has what came before its death, and the dashboard merges every machine's copy by the event's id. For watching,
/// not for recovery: nothing in the protocol reads them.
/// </summary>
public sealed partial class ClusterEventLog(
    MailStore store, IGrainFactory grains, MaildriverOptions options, SiloIdentity silo, TimeProvider time, ILogger<ClusterEventLog> logger)
{
    /// <summary>How many events are kept, in memory and in the store.</summary>
    public const int Capacity = 200;

    private readonly Dictionary<string, ClusterEvent> _events = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private Task? _loading;

    /// <summary>
    /// Records an event now, by <paramref name="recordedBy"/> (<c>Master MD2</c>, <c>Lieutenant MD2</c>): keeps it and
    /// hands it to every other machine. Returns at once; the copies are written in the background.
    /// </summary>
    public ClusterEvent Publish(string recordedBy, ClusterEventKind kind, string subject, long epoch, string text, long? count = null)
    {
        // To the microsecond, as the store keeps it: a copy read back is the same event in every field.
        var now = time.GetUtcNow();
        var clusterEvent = new ClusterEvent(Guid.NewGuid().ToString("N"), now.AddTicks(-(now.Ticks % 10)), kind, subject, epoch, text, count, recordedBy);
        Remember(clusterEvent);
        foreach (var machine in options.Machines.Where(m => m != silo.Name))
        {
            // One-way calls: a machine that is down misses this copy and keeps the ones from before its death.
            grains.GetGrain<IMachineMonitorGrain>(machine).Remember(clusterEvent).Ignore();
        }

        return clusterEvent;
    }

    /// <summary>Keeps a copy of <paramref name="clusterEvent"/> (from this machine or another); a second copy changes nothing.</summary>
    public void Remember(ClusterEvent clusterEvent)
    {
        lock (_lock)
        {
            if (!Add(clusterEvent))
            {
                return;
            }
        }

        _ = SaveAsync(clusterEvent);
    }

    /// <summary>The events kept, newest first: this run's and, after a restart, those in the machine's store.</summary>
    public async Task<IReadOnlyList<ClusterEvent>> RecentAsync()
    {
        Task loading;
        lock (_lock)
        {
            loading = _loading ??= LoadAsync();
        }

        await loading;
        lock (_lock)
        {
            return _events.Values.OrderByDescending(e => e.Time).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        }
    }

    // Under the lock. False when the event was known already.
    private bool Add(ClusterEvent clusterEvent)
    {
        if (!_events.TryAdd(clusterEvent.Id, clusterEvent))
        {
            return false;
        }

        if (_events.Count > Capacity)
        {
            foreach (var old in _events.Values.OrderBy(e => e.Time).Take(_events.Count - Capacity).ToList())
            {
                _events.Remove(old.Id);
            }
        }

        return true;
    }

    private async Task LoadAsync()
    {
        try
        {
            var stored = await store.ClusterEvents.GetNewestAsync(Capacity).ConfigureAwait(false);
            lock (_lock)
            {
                foreach (var clusterEvent in stored)
                {
                    Add(clusterEvent);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The page shows this run's events without the stored ones; the next question tries again.
            LogLoadFailed(logger, ex.Message);
            lock (_lock)
            {
                _loading = null;
            }
        }
    }

    private async Task SaveAsync(ClusterEvent clusterEvent)
    {
        try
        {
            await store.ClusterEvents.SaveAsync(clusterEvent, Capacity).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A store that cannot take it (stopping, a full disk) loses this machine's copy only; the others keep theirs.
            LogSaveFailed(logger, clusterEvent.Kind, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not read the stored cluster events: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not store a cluster event ({Kind}): {Reason}")]
    private static partial void LogSaveFailed(ILogger logger, ClusterEventKind kind, string reason);
}

namespace Maildriver.Grains.Master;

/// <summary>
/// The last <see cref="Capacity"/> cluster events recorded on this machine: deaths, rebirths, takeovers, changes of
/// master, appointments. One per silo, outside the Master's activation, so what a Master saw outlives it (a change
/// of master, a step-down) as long as the machine runs. Kept in memory only: it is for watching, not for recovery.
/// </summary>
public sealed class ClusterEventLog(TimeProvider time)
{
    /// <summary>How many events are kept.</summary>
    public const int Capacity = 200;

    private readonly Queue<ClusterEvent> _events = new();
    private readonly Lock _lock = new();

    /// <summary>Records an event now.</summary>
    public void Add(ClusterEventKind kind, string subject, long epoch, string text, long? count = null)
    {
        var e = new ClusterEvent(time.GetUtcNow(), kind, subject, epoch, text, count);
        lock (_lock)
        {
            _events.Enqueue(e);
            while (_events.Count > Capacity)
            {
                _events.Dequeue();
            }
        }
    }

    /// <summary>The events kept, newest first.</summary>
    public IReadOnlyList<ClusterEvent> Recent()
    {
        lock (_lock)
        {
            return _events.Reverse().ToList();
        }
    }
}

using Maildriver.Grains.Common;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;


namespace Maildriver.Grains.Master;

/// <summary>
/// The paper's Sender process: one per machine, an ordered queue of the Master's orders for that machine, pumped
/// outside the Master's turns. Orders go in batches; an order leaves the queue when the machine says "got it".
/// When the machine cannot be reached the batch goes back to the front and the pump waits; the Caretaker decides
/// whether the machine is dead. While it is dead the pump holds still and the queue *is* that machine's Dead
/// Machine Catchup List (DMCL): requests keep arriving in order, deletes meet pending deliveries in it, and at
/// rebirth the pump empties it, each item leaving only once the machine has it, so a second crash mid-catch-up
/// resumes where it stopped. Deliveries share the Master's one copy of each body.
/// </summary>
internal sealed class Sender
{
    private const int MaxOrders = 256;
    private const long MaxBytes = 8 * 1024 * 1024;
    private readonly LinkedList<Order> _queue = new();
    private readonly IReplicaGrain _replica;
    private readonly Func<ClusterView> _view;
    private readonly Action<string, IReadOnlyList<Order>, ApplyResult> _onApplied;
    private readonly Action<string, Exception> _onUnreachable;
    private readonly Action<string> _onDrained;
    private readonly Action<string> _onDeposed;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryDelay;
    private readonly CancellationToken _stopping;
    private List<Order> _inFlight = [];
    private long _generation;
    private bool _pumping;
    private bool _stopped;

    public Sender(
        string machine,
        IReplicaGrain replica,
        Func<ClusterView> view,
        Action<string, IReadOnlyList<Order>, ApplyResult> onApplied,
        Action<string, Exception> onUnreachable,
        Action<string> onDrained,
        Action<string> onDeposed,
        TimeProvider time,
        TimeSpan retryDelay,
        CancellationToken stopping)
    {
        _stopping = stopping;
        Machine = machine;
        _replica = replica;
        _view = view;
        _onApplied = onApplied;
        _onUnreachable = onUnreachable;
        _onDrained = onDrained;
        _onDeposed = onDeposed;
        _time = time;
        _retryDelay = retryDelay;
    }

    public string Machine { get; }

    /// <summary>Orders queued or in flight.</summary>
    public int Count => _queue.Count + InFlight;

    public int InFlight => _inFlight.Count;

    /// <summary>While true the machine is on the Dead Machine List: the pump holds still and the queue is its DMCL.</summary>
    public bool Dead { get; private set; }

    /// <summary>Puts the machine on the Dead Machine List: its queue becomes its catch-up list.</summary>
    public void MarkDead() => Dead = true;

    /// <summary>Starts catching the machine up: the pump empties the catch-up list, in order.</summary>
    public void StartCatchUp()
    {
        Dead = false;
        Kick();
    }

    /// <summary>
    /// Section 10.1: a delete for a dead machine first looks for a pending delivery of the same letter in its
    /// catch-up list. If there is one, the recipient joins the delivery's excluded list and the delete needs no order
    /// of its own; returns whether it was absorbed.
    /// </summary>
    /// <remarks>
    /// A delivery whose every recipient has deleted the letter stays in the list as a delivery to nobody: the
    /// machine may already hold the letter (it carried the order out and died before answering, or a former Master
    /// sent it), and only the order itself, which removes every excluded recipient's row, makes the delete reach it.
    /// </remarks>
    public bool AbsorbDelete(Order delete, Letter letter)
    {
        for (var node = _queue.First; node is not null; node = node.Next)
        {
            var queued = node.Value;
            if (queued.LetterId != delete.LetterId || queued.Kind is not (OrderKind.Deliver or OrderKind.MarkValid))
            {
                continue;
            }

            // The origin's "mark valid" becomes a full delivery: it may have dropped its bogus copy by now.
            var excluded = (queued.Excluded ?? []).Append(delete.User!).Distinct(StringComparer.Ordinal).ToList();
            node.Value = new Order(queued.OpId, OrderKind.Deliver, LetterId: queued.LetterId, Letter: letter, Excluded: excluded);
            return true;
        }

        return false;
    }

    public void Enqueue(Order order)
    {
        _queue.AddLast(order);
        Kick();
    }

    public void EnqueueFront(Order order)
    {
        _queue.AddFirst(order);
        Kick();
    }

    /// <summary>Moves the queued orders that match to the front, keeping their relative order (a rush order).</summary>
    public int Promote(Func<Order, bool> match)
    {
        var moved = _queue.Where(match).ToList();
        foreach (var order in moved.AsEnumerable().Reverse())
        {
            _queue.Remove(order);
            _queue.AddFirst(order);
        }

        Kick();
        return moved.Count;
    }

    /// <summary>The queued orders, in order (for handing mastership over).</summary>
    public IReadOnlyList<Order> Queued => [.. _queue];

    /// <summary>Every order the machine has not yet said "got it" to, in order: the batch in flight, then the queue.</summary>
    public IReadOnlyList<Order> NotGotIt => [.. _inFlight, .. _queue];

    /// <summary>
    /// Replaces everything queued (and forgets the batch in flight) with <paramref name="orders"/>: a rebuilt
    /// machine's catch-up list starts afresh from its source's. A batch still in flight when this happens is not put
    /// back when it fails, and its "got it" no longer counts.
    /// </summary>
    public void Reset(IEnumerable<Order> orders)
    {
        _generation++;
        _inFlight = [];
        _queue.Clear();
        foreach (var order in orders)
        {
            _queue.AddLast(order);
        }

        Kick();
    }

    /// <summary>Stops (this Master was deposed or is handing over).</summary>
    public void Stop() => _stopped = true;

    /// <summary>Starts again after a handover that did not happen.</summary>
    public void Resume()
    {
        _stopped = false;
        Kick();
    }

    public void Kick()
    {
        if (_pumping || _stopped || Dead || _queue.Count == 0)
        {
            return;
        }

        _pumping = true;
        _ = PumpAsync();
    }

    private async Task PumpAsync()
    {
        try
        {
            while (_queue.Count > 0 && !Dead && !_stopped && !_stopping.IsCancellationRequested)
            {
                var batch = TakeBatch();
                var generation = _generation;
                _inFlight = batch;
                try
                {
                    var result = await _replica.Apply(_view(), batch);
                    if (generation != _generation)
                    {
                        // The queue was reset (a rebuild) while this batch travelled: what it says is out of date.
                        continue;
                    }

                    _inFlight = [];
                    _onApplied(Machine, batch, result);
                    if (_queue.Count == 0)
                    {
                        _onDrained(Machine);
                    }
                }
                catch (Exception ex) when (Unreachable.Is(ex))
                {
                    PutBack(batch, generation);
                    _onUnreachable(Machine, ex);
                    await Task.Delay(_retryDelay, _time, _stopping);
                }
                catch (Exception ex) when (ex is not StaleEpochException)
                {
                    // The machine failed to carry the batch out (it crashes itself on a storage failure): keep the
                    // orders and try again; nothing is lost from the queue. A rebuilding machine refuses this way too.
                    PutBack(batch, generation);
                    _onUnreachable(Machine, ex);
                    await Task.Delay(_retryDelay, _time, _stopping);
                }
                catch (StaleEpochException)
                {
                    // The machine knows a newer Master: this one has been deposed and must step down.
                    PutBack(batch, generation);
                    _stopped = true;
                    _onDeposed(Machine);
                }
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    private List<Order> TakeBatch()
    {
        var batch = new List<Order>();
        long bytes = 0;
        while (_queue.First is { } node && batch.Count < MaxOrders)
        {
            var size = node.Value.Letter?.Header.Size ?? 0;
            if (batch.Count > 0 && bytes + size > MaxBytes)
            {
                break;
            }

            bytes += size;
            batch.Add(node.Value);
            _queue.RemoveFirst();
        }

        return batch;
    }

    private void PutBack(List<Order> batch, long generation)
    {
        if (generation != _generation)
        {
            return;
        }

        _inFlight = [];
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            _queue.AddFirst(batch[i]);
        }
    }
}

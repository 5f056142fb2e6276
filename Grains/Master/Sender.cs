using Maildriver.Grains.Common;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>
/// The paper's Sender process (section 6 and the appendix's SENDER): one per machine, it sends the Master's orders
/// for that machine in order, pumped outside the Master's turns, in batches; an order leaves its queue, the
/// machine's <see cref="DeadMachineCatchupList"/>, when the machine says "got it". When the machine cannot be
/// reached the batch goes back to the front and the pump waits; the Caretaker decides whether the machine is dead.
/// While it is dead the pump holds still and the list fills; at rebirth the pump empties it. Deliveries share the
/// Master's one copy of each body.
/// </summary>
internal sealed class Sender
{
    private readonly DeadMachineCatchupList _queue = new();
    private readonly IReplicaGrain _replica;
    private readonly Func<ClusterView> _view;
    private readonly Action<string, IReadOnlyList<Order>, ApplyResult> _onApplied;
    private readonly Action<string, Exception> _onUnreachable;
    private readonly Action<string> _onDrained;
    private readonly Action<string> _onDeposed;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryDelay;
    private readonly CancellationToken _stopping;
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
    public int Count => _queue.Count;

    /// <summary>While true the machine is on the Dead Machine List: the pump holds still and the queue is its DMCL.</summary>
    public bool Dead { get; private set; }

    /// <summary>Every order the machine has not yet said "got it" to, in order: the batch in flight, then the queue.</summary>
    public IReadOnlyList<Order> NotGotIt => _queue.NotGotIt;

    /// <summary>Puts the machine on the Dead Machine List: its queue becomes its catch-up list.</summary>
    public void MarkDead() => Dead = true;

    /// <summary>Starts catching the machine up: the pump empties the catch-up list, in order.</summary>
    public void StartCatchUp()
    {
        Dead = false;
        Kick();
    }

    /// <inheritdoc cref="DeadMachineCatchupList.AbsorbDelete"/>
    public bool AbsorbDelete(Order delete, Letter letter) => _queue.AbsorbDelete(delete, letter);

    public void Enqueue(Order order)
    {
        _queue.Add(order);
        Kick();
    }

    public void EnqueueFront(Order order)
    {
        _queue.AddFirst(order);
        Kick();
    }

    /// <inheritdoc cref="DeadMachineCatchupList.Rewrite"/>
    public void Rewrite(Func<Order, Order> change) => _queue.Rewrite(change);

    /// <summary>Moves the queued orders that match to the front, keeping their relative order (a rush order).</summary>
    public int Promote(Func<Order, bool> match)
    {
        var moved = _queue.Promote(match);
        Kick();
        return moved;
    }

    /// <inheritdoc cref="DeadMachineCatchupList.Reset"/>
    public void Reset(IEnumerable<Order> orders)
    {
        _queue.Reset(orders);
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
        if (_pumping || _stopped || Dead || _queue.Queued == 0)
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
            while (_queue.Queued > 0 && !Dead && !_stopped && !_stopping.IsCancellationRequested)
            {
                var generation = _queue.Generation;
                var batch = _queue.TakeBatch();
                try
                {
                    var result = await _replica.Apply(_view(), batch);
                    if (generation != _queue.Generation)
                    {
                        // The queue was reset (a rebuild) while this batch travelled: what it says is out of date.
                        continue;
                    }

                    _queue.Done();
                    _onApplied(Machine, batch, result);
                    if (_queue.Queued == 0)
                    {
                        _onDrained(Machine);
                    }
                }
                catch (Exception ex) when (Unreachable.Is(ex))
                {
                    _queue.PutBack(batch, generation);
                    _onUnreachable(Machine, ex);
                    await Task.Delay(_retryDelay, _time, _stopping);
                }
                catch (Exception ex) when (ex is not StaleEpochException)
                {
                    // The machine failed to carry the batch out (it crashes itself on a storage failure): keep the
                    // orders and try again; nothing is lost from the queue. A rebuilding machine refuses this way too.
                    _queue.PutBack(batch, generation);
                    _onUnreachable(Machine, ex);
                    await Task.Delay(_retryDelay, _time, _stopping);
                }
                catch (StaleEpochException)
                {
                    // The machine knows a newer Master: this one has been deposed and must step down.
                    _queue.PutBack(batch, generation);
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
}

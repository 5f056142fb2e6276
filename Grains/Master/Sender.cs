using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Runtime;

namespace Maildriver.Grains.Master;

/// <summary>
/// The paper's Sender process: one per machine, an ordered queue of the Master's orders for that machine, pumped
/// outside the Master's turns. Orders go in batches; an order leaves the queue when the machine says "got it".
/// When the machine cannot be reached the batch goes back to the front and the pump waits; the Caretaker decides
/// whether the machine is dead.
/// </summary>
internal sealed class Sender
{
    private const int MaxOrders = 256;
    private const long MaxBytes = 8 * 1024 * 1024;
    private readonly LinkedList<Order> _queue = new();
    private readonly IReplicaGrain _replica;
    private readonly Func<long> _epoch;
    private readonly Action<string, IReadOnlyList<Order>, ApplyResult> _onApplied;
    private readonly Action<string, Exception> _onUnreachable;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryDelay;
    private bool _pumping;
    private bool _stopped;

    public Sender(
        string machine,
        IReplicaGrain replica,
        Func<long> epoch,
        Action<string, IReadOnlyList<Order>, ApplyResult> onApplied,
        Action<string, Exception> onUnreachable,
        TimeProvider time,
        TimeSpan retryDelay)
    {
        Machine = machine;
        _replica = replica;
        _epoch = epoch;
        _onApplied = onApplied;
        _onUnreachable = onUnreachable;
        _time = time;
        _retryDelay = retryDelay;
    }

    public string Machine { get; }

    /// <summary>Orders queued or in flight.</summary>
    public int Count => _queue.Count + InFlight;

    public int InFlight { get; private set; }

    /// <summary>When false, the pump holds its queue (the machine is dead; the Caretaker owns its requests).</summary>
    public bool Enabled { get; set; } = true;

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

    /// <summary>Takes every queued order out (to hand them to the Caretaker when the machine dies).</summary>
    public List<Order> Drain()
    {
        var all = _queue.ToList();
        _queue.Clear();
        return all;
    }

    /// <summary>Stops for good (this Master was deposed or handed over).</summary>
    public void Stop() => _stopped = true;

    public void Kick()
    {
        if (_pumping || _stopped || !Enabled || _queue.Count == 0)
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
            while (_queue.Count > 0 && Enabled && !_stopped)
            {
                var batch = TakeBatch();
                InFlight = batch.Count;
                try
                {
                    var result = await _replica.Apply(_epoch(), batch);
                    InFlight = 0;
                    _onApplied(Machine, batch, result);
                }
                catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException)
                {
                    InFlight = 0;
                    PutBack(batch);
                    _onUnreachable(Machine, ex);
                    await Task.Delay(_retryDelay, _time);
                }
                catch (StaleEpochException)
                {
                    InFlight = 0;
                    PutBack(batch);
                    _stopped = true;
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

    private void PutBack(List<Order> batch)
    {
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            _queue.AddFirst(batch[i]);
        }
    }
}

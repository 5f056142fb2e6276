using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>
/// The DMCL, the paper's Dead Machine Catchup List (sections 10.1 and 10.2, the appendix's <c>DMCL[machine]</c>):
/// every order one machine has still to carry out, in the order the Master made them. It is its
/// <see cref="Sender"/>'s queue: while the machine is alive the Sender empties it as fast as the machine takes the
/// orders; while the machine is on the Dead Machine List it only fills, and at rebirth it is emptied in order.
/// One list for both, so a death moves nothing and loses nothing. An order leaves it only when the machine says
/// "got it", so a second crash mid-catch-up resumes where it stopped.
/// </summary>
internal sealed class DeadMachineCatchupList
{
    private const int MaxOrders = 256;
    private const long MaxBytes = 8 * 1024 * 1024;
    private readonly LinkedList<Order> _queue = new();
    private List<Order> _inFlight = [];
    private long _generation;

    /// <summary>Orders queued or in flight.</summary>
    public int Count => _queue.Count + _inFlight.Count;

    /// <summary>Orders queued, not counting the batch in flight.</summary>
    public int Queued => _queue.Count;

    /// <summary>Every order the machine has not yet said "got it" to, in order: the batch in flight, then the queue.</summary>
    public IReadOnlyList<Order> NotGotIt => [.. _inFlight, .. _queue];

    /// <summary>Changes at every <see cref="Reset"/>: a batch taken before it no longer counts.</summary>
    public long Generation => _generation;

    /// <summary>Adds an order at the end.</summary>
    public void Add(Order order) => _queue.AddLast(order);

    /// <summary>Adds an order at the front (a letter the machine turned out to lack).</summary>
    public void AddFirst(Order order) => _queue.AddFirst(order);

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

    /// <summary>Replaces each queued order by what <paramref name="change"/> makes of it, in place (the batch in flight is left alone).</summary>
    public void Rewrite(Func<Order, Order> change)
    {
        for (var node = _queue.First; node is not null; node = node.Next)
        {
            node.Value = change(node.Value);
        }
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

        return moved.Count;
    }

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
    }

    /// <summary>Takes the next batch off the front, as many orders and bytes as one call carries; it is in flight until answered.</summary>
    public List<Order> TakeBatch()
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

        _inFlight = batch;
        return batch;
    }

    /// <summary>The machine said "got it" to the batch in flight: it leaves the list.</summary>
    public void Done() => _inFlight = [];

    /// <summary>The batch taken at <paramref name="generation"/> did not arrive: back to the front, unless the list was reset since.</summary>
    public void PutBack(List<Order> batch, long generation)
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

namespace Maildriver.Grains.Master;

/// <summary>
/// Sends every request other than a letter to every machine (the appendix's HaveLetterDeleted and ProcessRequest),
/// and drops it once every machine finished it. Section 9.1: a delete (or read flag) of a letter still in
/// mid-delivery on a live machine waits in the <see cref="DeleteQueue"/>, so no machine is asked to delete what it
/// has not yet received; "when a delivery completes, the Master checks the Delete queue". Section 10.1: a delete for
/// a dead machine meets a pending delivery of the same letter in its catch-up list and takes only that recipient out.
/// </summary>
/// <param name="requests">The requests under way.</param>
/// <param name="deliveries">The letters in mid-delivery.</param>
/// <param name="doYouHaveIt">Letters whose body no live machine had at the takeover: in mid-delivery too.</param>
/// <param name="senders">Carry each request to its machine.</param>
/// <param name="caretaker">Which machines are alive.</param>
/// <param name="lieutenant">Told to forget each request every machine finished.</param>
internal sealed class RequestDispatch(
    PendingRequests requests,
    DeliveryQueue deliveries,
    DoYouHaveIt doYouHaveIt,
    Senders senders,
    Caretaker caretaker,
    LieutenantConnection lieutenant)
{
    private readonly DeleteQueue _deleteQueue = new();

    /// <summary>How many requests wait in the Delete queue.</summary>
    public int Deferred => _deleteQueue.Count;

    /// <summary>Sends <paramref name="request"/> to every machine, or holds it in the Delete queue while its letter is in mid-delivery.</summary>
    public void Dispatch(PendingRequest request)
    {
        var order = request.Order;
        requests.Add(request);
        if (order.Kind is OrderKind.Delete or OrderKind.MarkRead or OrderKind.SetFlags && order.LetterId is { } letterId && IsMidDelivery(letterId))
        {
            _deleteQueue.Add(letterId, order);
            request.Deferred = true;
            return;
        }

        request.Deferred = false;
        foreach (var sender in senders.All)
        {
            // Section 10.1: a delete for a dead machine meets a pending delivery of the same letter in its catch-up
            // list and takes only that recipient out of it.
            if (sender.Dead && order.Kind == OrderKind.Delete && order.LetterId is { } id && deliveries.TryGet(id, out var letter))
            {
                if (sender.AbsorbDelete(order, letter.Letter))
                {
                    request.NotFinished.Remove(sender.Machine);
                    continue;
                }
            }

            sender.Enqueue(order);
        }

        CompleteIfDone(request);
    }

    /// <summary>"When a delivery completes, the Master checks the Delete queue" (section 9.1).</summary>
    public void ReleaseDeleteQueue(string letterId)
    {
        if (IsMidDelivery(letterId) || !_deleteQueue.TryTake(letterId, out var deferred))
        {
            return;
        }

        foreach (var order in deferred)
        {
            if (requests.TryGet(order.OpId, out var request))
            {
                Dispatch(request);
            }
        }
    }

    /// <summary>A machine died: letters now finished on every live machine may release their deferred deletes.</summary>
    public void ReleaseDeleteQueue()
    {
        foreach (var letterId in _deleteQueue.LetterIds)
        {
            ReleaseDeleteQueue(letterId);
        }
    }

    /// <summary>Drops <paramref name="request"/> once every machine finished it and it waits for nothing, and tells the Lieutenant to forget it.</summary>
    public void CompleteIfDone(PendingRequest request)
    {
        if (request.NotFinished.Count == 0 && !request.Deferred && requests.Remove(request.Order.OpId))
        {
            lieutenant.Forget(request.Order.OpId);
        }
    }

    private bool IsMidDelivery(string letterId)
        => doYouHaveIt.Contains(letterId)
           || (deliveries.TryGet(letterId, out var letter) && letter.NotFinished.Any(m => !caretaker.IsDead(m)));
}

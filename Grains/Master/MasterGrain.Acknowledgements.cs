using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>
/// What the machines answer the Master (sections 7.2 and 9.1): "got it" when an order is on their disk, "finished"
/// when it is carried out. A letter every machine finished leaves the Master's records and the Lieutenant's; a
/// finished delivery releases the deletes waiting for it in the Delete queue.
/// </summary>
public sealed partial class MasterGrain
{
    // A batch the machine took ("got it"): while it is catching up, every order in it has left its catch-up list.
    private void OnApplied(string machine, IReadOnlyList<Order> batch, ApplyResult result)
    {
        if (_catchingUp.Contains(machine))
        {
            _metrics.CatchUpDone(machine, batch.Count);
        }

        foreach (var id in result.GotIt)
        {
            if (_letters.TryGetValue(id, out var letter))
            {
                letter.MarkGotIt(machine);
            }
        }

        foreach (var id in result.Missing)
        {
            // The origin lost its bogus copy (it restarted): send it the whole letter like any other machine.
            if (_letters.TryGetValue(id, out var letter))
            {
                _senders[machine].EnqueueFront(new Order(id, OrderKind.Deliver, LetterId: id, Letter: letter.Letter));
            }
        }

        OnFinished(machine, result.Finished);
    }

    private void OnFinished(string machine, IReadOnlyList<string> opIds)
    {
        foreach (var id in opIds)
        {
            if (_letters.TryGetValue(id, out var letter))
            {
                MachineFinishedLetter(machine, letter);
            }
            else if (_requests.TryGetValue(id, out var request) && request.NotFinished.Remove(machine))
            {
                CompleteRequestIfDone(request);
            }
        }
    }

    private void MachineFinishedLetter(string machine, PendingLetter letter)
    {
        letter.MarkGotIt(machine);

        // Counted where the machine's records change: a "finished" that arrives twice is one delivery.
        if (letter.NotFinished.Remove(machine))
        {
            _metrics.Delivered(machine);
        }

        if (letter.NotFinished.Count == 0)
        {
            _letters.Remove(letter.Id);
            _bySubmission.Remove(letter.Letter.Header.SubmissionKey);
            letter.ReleaseWaiters();
            _ = _forgets.Enqueue(letter.Id);
        }

        ReleaseDeleteQueue(letter.Id);
    }

    // "When a delivery completes, the Master checks the Delete queue" (section 9.1).
    private void ReleaseDeleteQueue(string letterId)
    {
        if (IsMidDelivery(letterId) || !_deleteQueue.TryTake(letterId, out var deferred))
        {
            return;
        }

        foreach (var order in deferred)
        {
            if (_requests.TryGetValue(order.OpId, out var request))
            {
                Dispatch(request);
            }
        }
    }

    private void CompleteRequestIfDone(PendingRequest request)
    {
        if (request.NotFinished.Count == 0 && !request.Deferred && _requests.Remove(request.Order.OpId))
        {
            _ = _forgets.Enqueue(request.Order.OpId);
        }
    }
}

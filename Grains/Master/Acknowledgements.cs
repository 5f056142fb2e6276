using Maildriver.Grains.Telemetry;

namespace Maildriver.Grains.Master;

/// <summary>
/// What the machines answer the Master (sections 7.2 and 9.1, the appendix's ProcessAcknowledgement): "got it" when
/// an order is on their disk, "finished" when it is carried out. A letter every machine finished leaves the delivery
/// queue and the Lieutenant's records, and releases the deletes waiting for it in the Delete queue; a request every
/// machine finished is dropped.
/// </summary>
/// <param name="metrics">Counts each delivery once.</param>
/// <param name="deliveries">The letters in mid-delivery.</param>
/// <param name="requests">The other requests under way.</param>
/// <param name="senders">Send the whole letter again to a machine that turned out to lack it.</param>
/// <param name="dispatch">Releases the Delete queue and drops finished requests.</param>
/// <param name="lieutenant">Told to forget each letter every machine finished.</param>
internal sealed class Acknowledgements(
    MaildriverMetrics metrics,
    DeliveryQueue deliveries,
    PendingRequests requests,
    Senders senders,
    RequestDispatch dispatch,
    LieutenantConnection lieutenant)
{
    /// <summary>Machine <paramref name="machine"/> took a batch: what it has ("got it"), lacks, and finished.</summary>
    public void Applied(string machine, ApplyResult result)
    {
        foreach (var id in result.GotIt)
        {
            if (deliveries.TryGet(id, out var letter))
            {
                letter.MarkGotIt(machine);
            }
        }

        foreach (var id in result.Missing)
        {
            // The origin lost its bogus copy (it restarted): send it the whole letter like any other machine.
            if (deliveries.TryGet(id, out var letter))
            {
                senders[machine].EnqueueFront(new Order(id, OrderKind.Deliver, LetterId: id, Letter: letter.Letter));
            }
        }

        Finished(machine, result.Finished);
    }

    /// <summary>Machine <paramref name="machine"/> finished the letters and requests <paramref name="opIds"/>.</summary>
    public void Finished(string machine, IReadOnlyList<string> opIds)
    {
        foreach (var id in opIds)
        {
            if (deliveries.TryGet(id, out var letter))
            {
                MachineFinishedLetter(machine, letter);
            }
            else if (requests.TryGet(id, out var request) && request.NotFinished.Remove(machine))
            {
                dispatch.CompleteIfDone(request);
            }
        }
    }

    /// <summary>Machine <paramref name="machine"/> finished <paramref name="letter"/>, which it therefore has.</summary>
    public void MachineFinishedLetter(string machine, PendingLetter letter)
    {
        letter.MarkGotIt(machine);

        // Counted where the machine's records change: a "finished" that arrives twice is one delivery.
        if (letter.NotFinished.Remove(machine))
        {
            metrics.Delivered(machine);
        }

        if (letter.NotFinished.Count == 0)
        {
            deliveries.Finish(letter);
            lieutenant.Forget(letter.Id);
        }

        dispatch.ReleaseDeleteQueue(letter.Id);
    }
}

namespace Maildriver.Grains.Master;

/// <summary>
/// The rush order of "receive mail" (section 8, the appendix's ProcessRequest ReceiveMail): "this guy here wants his
/// mail; if you've got anything for him, send it right over". The letters in mid-delivery for the user that the
/// user's machine lacks move to the front of its Sender's queue, and the Master waits a little for them to get there.
/// </summary>
/// <param name="master">The clock and the stopping token the wait ends by.</param>
/// <param name="senders">Each machine's queue.</param>
/// <param name="deliveries">The letters in mid-delivery.</param>
/// <param name="doYouHaveIt">Letters no live machine has a body for, which the machine lacks too.</param>
internal sealed class RushOrder(MasterContext master, Senders senders, DeliveryQueue deliveries, DoYouHaveIt doYouHaveIt)
{
    /// <summary>
    /// Rushes <paramref name="user"/>'s letters to <paramref name="machine"/>, waiting at most <paramref name="wait"/>;
    /// returns how many it still lacks.
    /// </summary>
    public async Task<int> RushAsync(string machine, string user, TimeSpan wait)
    {
        var sender = senders.TryGet(machine, out var found) ? found : throw new ArgumentException($"unknown machine '{machine}'");

        var rushed = deliveries.Letters.Where(l => l.IsFor(user) && !l.GotIt.Contains(machine) && l.NotFinished.Contains(machine)).ToList();
        if (rushed.Count > 0)
        {
            var ids = WithEarlierLettersOfTheirRecipients(sender.NotGotIt, rushed.Select(l => l.Id).ToHashSet(StringComparer.Ordinal));
            sender.Promote(o => o.LetterId is { } id && ids.Contains(id) && o.Kind is OrderKind.Deliver or OrderKind.MarkValid);
            await Task.WhenAny(Task.WhenAll(rushed.Select(l => l.WhenGotIt(machine))), Task.Delay(wait, master.Time, master.Silo.Stopping));
        }

        // What the machine still lacks: letters not yet there, and letters whose body waits on the DoYouHaveIt list.
        return rushed.Count(l => !l.GotIt.Contains(machine) && l.NotFinished.Contains(machine))
               + doYouHaveIt.CountFor(user);
    }

    // A rushed letter may not overtake a letter queued before it for any of its recipients: that one has the lower
    // UID, and a machine must never show a lower UID after a higher one. So the letters queued before a rushed one
    // that share a recipient with it are rushed too, and theirs in turn: one walk from the back of the queue.
    private HashSet<string> WithEarlierLettersOfTheirRecipients(IReadOnlyList<Order> queue, HashSet<string> rushed)
    {
        var ids = new HashSet<string>(rushed, StringComparer.Ordinal);
        var recipients = new HashSet<string>(StringComparer.Ordinal);
        for (var i = queue.Count - 1; i >= 0; i--)
        {
            if (queue[i] is not { Kind: OrderKind.Deliver or OrderKind.MarkValid, LetterId: { } id } order)
            {
                continue;
            }

            // A "mark valid" carries no letter: its recipients are the pending letter's.
            var to = order.Letter?.Header.To ?? (deliveries.TryGet(id, out var pending) ? pending.Letter.Header.To : []);
            if (ids.Contains(id) || to.Any(recipients.Contains))
            {
                ids.Add(id);
                recipients.UnionWith(to);
            }
        }

        return ids;
    }
}

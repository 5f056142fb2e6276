using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// Rebuilding a machine whose disk was lost, or that was restored from a backup: not in the paper, which assumes a
/// dead machine comes back with its disk. The rebuilt machine copies a snapshot of the Master's own machine; this
/// side makes the snapshot plus the rebuilt machine's catch-up list the whole story.
/// </summary>
/// <remarks>
/// At the moment of <see cref="Begin"/> (one turn once it passes the takeover gate, so nothing moves meanwhile) every
/// order is in one of two places for the source machine: already received there, and so in any snapshot it takes
/// afterwards (a letter received but not yet delivered travels as a valid protoletter), or not yet received, and so in
/// its Sender queue or the batch in flight. The rebuilt machine's queue becomes a copy of the latter; every later order
/// goes to it as to any machine. Until its snapshot is in, the rebuilt machine refuses orders, and its Sender keeps them.
/// </remarks>
internal sealed partial class MachineRebuild
{
    private const int ReconcileChunk = 1000;

    // Machines copying a snapshot: not back until their Hello, whatever their pulse says.
    private readonly HashSet<string> _rebuilding = new(StringComparer.Ordinal);
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly Senders _senders;
    private readonly DeliveryQueue _deliveries;
    private readonly PendingRequests _requests;
    private readonly Acknowledgements _acknowledgements;
    private readonly RequestDispatch _dispatch;
    private readonly ILogger _logger;

    /// <param name="master">The Master's machine and services.</param>
    /// <param name="standing">Signs the operators' note of the rebuild.</param>
    /// <param name="senders">The source's queue is copied to the rebuilt machine's.</param>
    /// <param name="deliveries">The letters in mid-delivery, which the rebuilt machine owes as the source does.</param>
    /// <param name="requests">The other requests under way, likewise.</param>
    /// <param name="acknowledgements">Counts a letter the rebuilt machine turns out to have as finished there.</param>
    /// <param name="dispatch">Drops requests the rebuilt machine no longer owes.</param>
    /// <param name="logger">The Master's logger.</param>
    public MachineRebuild(
        MasterContext master,
        MasterStanding standing,
        Senders senders,
        DeliveryQueue deliveries,
        PendingRequests requests,
        Acknowledgements acknowledgements,
        RequestDispatch dispatch,
        ILogger logger)
    {
        _master = master;
        _standing = standing;
        _senders = senders;
        _deliveries = deliveries;
        _requests = requests;
        _acknowledgements = acknowledgements;
        _dispatch = dispatch;
        _logger = logger;
    }

    /// <summary>Whether <paramref name="machine"/> is copying a snapshot and has not said Hello since.</summary>
    public bool IsRebuilding(string machine) => _rebuilding.Contains(machine);

    /// <summary>Machine <paramref name="machine"/> said Hello: its snapshot is in.</summary>
    public void Rebuilt(string machine) => _rebuilding.Remove(machine);

    /// <summary>
    /// Machine <paramref name="machine"/> is about to copy a snapshot of the Master's machine: its catch-up list and
    /// what it owes "finished" for become the source's. Returns the source.
    /// </summary>
    public string Begin(string machine)
    {
        if (!_senders.TryGet(machine, out var rebuilt))
        {
            throw new ArgumentException($"unknown machine '{machine}'");
        }

        if (machine == _master.Machine)
        {
            throw new InvalidOperationException($"{machine} is Master: it cannot be rebuilt from a snapshot of itself");
        }

        var source = _master.Machine;
        _rebuilding.Add(machine);
        var pending = _senders[source].NotGotIt;
        rebuilt.Reset(pending.Select(ForRebuiltMachine).OfType<Order>());

        // What the rebuilt machine still owes "finished" for is exactly what the source still owes.
        foreach (var letter in _deliveries.Letters.ToList())
        {
            if (letter.GotIt.Contains(source))
            {
                letter.MarkGotIt(machine);
            }
            else
            {
                letter.GotIt.Remove(machine);
            }

            if (letter.NotFinished.Contains(source))
            {
                letter.NotFinished.Add(machine);
            }
            else if (letter.NotFinished.Contains(machine))
            {
                _acknowledgements.MachineFinishedLetter(machine, letter);
            }
        }

        foreach (var request in _requests.All.ToList())
        {
            if (request.NotFinished.Contains(source))
            {
                request.NotFinished.Add(machine);
            }
            else if (request.NotFinished.Remove(machine))
            {
                _dispatch.CompleteIfDone(request);
            }
        }

        LogRebuildStarted(machine, source, pending.Count);
        _standing.Note(ClusterEventKind.RebuildStarted, machine, $"{machine} is being rebuilt from a snapshot of {source}, then {pending.Count} requests", pending.Count);
        return source;
    }

    /// <summary>
    /// A "finished" can be lost on its way (the machine died after delivering, before reporting), and a rebuilt
    /// machine inherits letters its source delivered but had not yet reported: asks the machine which of the letters
    /// it still owes "finished" for it already has, so no letter waits for a report that will never come.
    /// </summary>
    public async Task ReconcileFinishedAsync(string machine)
    {
        var owed = _deliveries.Letters.Where(l => l.NotFinished.Contains(machine)).Select(l => l.Letter.Header).ToList();
        foreach (var chunk in owed.Chunk(ReconcileChunk))
        {
            var delivered = await _master.Replica(machine).FilterDelivered(chunk);
            foreach (var id in delivered)
            {
                if (_deliveries.TryGet(id, out var letter))
                {
                    _acknowledgements.MachineFinishedLetter(machine, letter);
                }
            }
        }
    }

    // The source's "mark valid" (it is the letter's origin) is a full delivery for any other machine.
    private Order? ForRebuiltMachine(Order order)
    {
        if (order.Kind != OrderKind.MarkValid)
        {
            return order;
        }

        return order.LetterId is { } id && _deliveries.TryGet(id, out var letter)
            ? new Order(order.OpId, OrderKind.Deliver, LetterId: id, Letter: letter.Letter)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} is being rebuilt from a snapshot of {Source}; its catch-up list restarts with {Pending} requests")]
    private partial void LogRebuildStarted(string machine, string source, int pending);
}

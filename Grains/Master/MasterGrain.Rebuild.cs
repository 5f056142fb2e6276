using Maildriver.Grains.Protocol;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// Rebuilding a machine whose disk was lost, or that was restored from a backup: not in the paper, which assumes a
/// dead machine comes back with its disk. The rebuilt machine copies a snapshot of the Master's own machine; this
/// side makes the snapshot plus the rebuilt machine's catch-up list the whole story.
/// </summary>
/// <remarks>
/// At the moment of <see cref="BeginRebuild"/> (one turn once it passes the takeover gate, so nothing moves meanwhile) every order is in one of two
/// places for the source machine: already received there, and so in any snapshot it takes afterwards (a letter
/// received but not yet delivered travels as a valid protoletter), or not yet received, and so in its Sender queue
/// or the batch in flight. The rebuilt machine's queue becomes a copy of the latter; every later order goes to it
/// as to any machine. Until its snapshot is in, the rebuilt machine refuses orders, and its Sender keeps them.
/// </remarks>
public sealed partial class MasterGrain
{
    private const int ReconcileChunk = 1000;

    public async Task<string> BeginRebuild(string machine)
    {
        ThrowIfDeposed();
        await TakenOverAsync();
        if (!_senders.TryGetValue(machine, out var rebuilt))
        {
            throw new ArgumentException($"unknown machine '{machine}'");
        }

        if (machine == Machine)
        {
            throw new InvalidOperationException($"{machine} is Master: it cannot be rebuilt from a snapshot of itself");
        }

        var source = Machine;
        _rebuilding.Add(machine);
        var pending = _senders[source].NotGotIt;
        rebuilt.Reset(pending.Select(ForRebuiltMachine).OfType<Order>());

        // What the rebuilt machine still owes "finished" for is exactly what the source still owes.
        foreach (var letter in _letters.Values.ToList())
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
                MachineFinishedLetter(machine, letter);
            }
        }

        foreach (var request in _requests.Values.ToList())
        {
            if (request.NotFinished.Contains(source))
            {
                request.NotFinished.Add(machine);
            }
            else if (request.NotFinished.Remove(machine))
            {
                CompleteRequestIfDone(request);
            }
        }

        LogRebuildStarted(machine, source, pending.Count);
        Note(ClusterEventKind.RebuildStarted, machine, $"{machine} is being rebuilt from a snapshot of {source}, then {pending.Count} requests", pending.Count);
        return source;
    }

    // A "finished" can be lost on its way (the machine died after delivering, before reporting), and a rebuilt
    // machine inherits letters its source delivered but had not yet reported: ask the machine which of the letters
    // it still owes "finished" for it already has, so no letter waits for a report that will never come.
    private async Task ReconcileFinishedAsync(string machine)
    {
        var owed = _letters.Values.Where(l => l.NotFinished.Contains(machine)).Select(l => l.Letter.Header).ToList();
        foreach (var chunk in owed.Chunk(ReconcileChunk))
        {
            var delivered = await GrainFactory.GetGrain<IReplicaGrain>(machine).FilterDelivered(chunk);
            foreach (var id in delivered)
            {
                if (_letters.TryGetValue(id, out var letter))
                {
                    MachineFinishedLetter(machine, letter);
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

        return order.LetterId is { } id && _letters.TryGetValue(id, out var letter)
            ? new Order(order.OpId, OrderKind.Deliver, LetterId: id, Letter: letter.Letter)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} is being rebuilt from a snapshot of {Source}; its catch-up list restarts with {Pending} requests")]
    private partial void LogRebuildStarted(string machine, string source, int pending);
}

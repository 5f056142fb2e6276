using Maildriver.Grains.Common;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>The Master's side of life and death (section 10): pulses, deaths, rebirths and catch-up, the Lieutenant's appointment.</summary>
public sealed partial class MasterGrain
{
    private bool _noLieutenantNoted;

    private async Task TakePulseAsync(string machine)
    {
        var reply = await GrainFactory.GetGrain<IReplicaGrain>(machine).Pulse();

        // Only a newer view naming another Master deposes this one (a newer view naming us is our own appointment).
        if (reply.View.Supersedes(_view) && reply.View.Master != Machine)
        {
            OnDeposedBy(machine);
        }
    }

    private async Task CaretakerTickAsync()
    {
        // Until a takeover's records are in, this Master knows too little to declare deaths or appoint a Lieutenant
        // (which would be handed an empty record set and clear the copy this machine kept).
        if (_deposed || !_takenOver.Task.IsCompleted)
        {
            return;
        }

        // A Master that was partitioned away may have been replaced: its own machine hears the announcement.
        var own = await GrainFactory.GetGrain<IReplicaGrain>(Machine).GetView();
        if (own.Master != Machine)
        {
            OnDeposedBy(Machine);
            return;
        }

        await _caretaker.PollAsync();
        ReportCatchUp();

        // A Master without a live Lieutenant acknowledges nothing: it keeps trying to appoint one, since a machine
        // may come back without ever having been declared dead (it restarted within the no-pulse timeout).
        if (NotAcknowledging() is not null && !_appointing)
        {
            await AppointLieutenantAsync();
        }
    }

    // After each tick: the catch-up list of every machine on the Dead Machine List, returning ones included.
    private void ReportCatchUp()
        => _metrics.ReportCatchUp(_senders.Values.Where(s => _caretaker.IsDead(s.Machine)).ToDictionary(s => s.Machine, s => (long)s.Count, StringComparer.Ordinal));

    // Section 10.1: requests for a dead machine now stay in its Sender's queue, which becomes its DMCL; the
    // Lieutenant puts it on its own DML; a dead Lieutenant is replaced first thing.
    private void OnMachineDied(string machine)
    {
        LogMachineDied(machine, _view.Epoch);
        Note(ClusterEventKind.MachineDied, machine, $"{machine} has no pulse: it goes on the Dead Machine List");
        _senders[machine].MarkDead();
        _catchingUp.Remove(machine);
        if (machine == _view.Lieutenant)
        {
            _ = AppointLieutenantAsync();
        }
        else
        {
            _ = TellLieutenantAsync(l => l.MachineDied(_view.Epoch, machine));
        }

        // Letters now finished on every live machine may release their deferred deletes.
        foreach (var letterId in _deleteQueue.LetterIds)
        {
            ReleaseDeleteQueue(letterId);
        }
    }

    private void OnDeadMachineAnswered(string machine) => BeginCatchUp(machine);

    public async Task<ClusterView> Hello(string machine)
    {
        ThrowIfDeposed();
        await TakenOverAsync();
        if (!_senders.ContainsKey(machine))
        {
            throw new ArgumentException($"unknown machine '{machine}'");
        }

        // The DoYouHaveIt list is offered before answering: the machine keeps its old Master records (a possible
        // last copy of a body) until this returns.
        await OfferDoYouHaveItAsync(machine);
        await ReconcileFinishedAsync(machine);
        _rebuilding.Remove(machine);
        if (_caretaker.IsDead(machine))
        {
            BeginCatchUp(machine);
        }

        return _view;
    }

    // Section 10.2: the reborn machine is given its DMCL, in order, each item leaving the list as it completes.
    private void BeginCatchUp(string machine)
    {
        if (_catchingUp.Add(machine))
        {
            LogCatchUp(machine, _senders[machine].Count);
            Note(ClusterEventKind.CatchUpStarted, machine, $"{machine} is back: catching it up from {_senders[machine].Count} requests", _senders[machine].Count);
            _ = OfferDoYouHaveItAsync(machine);
            _senders[machine].StartCatchUp();
        }

        // Also when catch-up had begun: a rebuild may have emptied the list without the Sender sending anything.
        if (_senders[machine].Count == 0)
        {
            OnCatchUpDrained(machine);
        }
    }

    // "That's all folks!": off the DML, and the Lieutenant forgets it died.
    private void OnCatchUpDrained(string machine)
    {
        // A machine being rebuilt is back only once its snapshot is in, which its Hello says.
        if (_rebuilding.Contains(machine) || !_catchingUp.Remove(machine))
        {
            return;
        }

        _caretaker.MarkAlive(machine);
        LogMachineBack(machine);
        Note(ClusterEventKind.MachineBack, machine, $"{machine} is caught up and back on the active list");
        _ = TellLieutenantAsync(l => l.MachineReborn(_view.Epoch, machine));
        if (_view.Lieutenant is null || _caretaker.IsDead(_view.Lieutenant))
        {
            _ = AppointLieutenantAsync();
        }
    }

    // Up means on the active list (the Master's own machine always is); a machine being rebuilt is not up until its
    // Hello, whatever its pulse says.
    private MachineStatus StatusOf(string machine)
    {
        var state = machine == Machine ? MachineStates.Up
            : _rebuilding.Contains(machine) ? MachineStates.Rebuilding
            : !_caretaker.IsDead(machine) ? MachineStates.Up
            : _catchingUp.Contains(machine) ? MachineStates.CatchingUp
            : MachineStates.Dead;
        return new MachineStatus(machine, state == MachineStates.Up, _senders[machine].Count, state);
    }

    private void OnUnreachable(string machine, Exception error) => LogUnreachable(machine, error.Message);

    private async Task TellLieutenantAsync(Func<ILieutenantGrain, Task> message)
    {
        for (var attempt = 0; attempt < 20 && !_deposed; attempt++)
        {
            try
            {
                // With no Lieutenant, the next one is appointed with the Dead Machine List as it is then.
                if (LieutenantGrain is { } lieutenant)
                {
                    await message(lieutenant);
                }

                return;
            }
            catch (Exception ex) when (Unreachable.Is(ex))
            {
                await Task.Delay(_options.PulseInterval, _time, _silo.Stopping);
            }
        }
    }

    /// <summary>
    /// Picks the next Lieutenant (the first live machine after this one in configuration order), sends it every
    /// pending send and request (<paramref name="records"/>, or the Master's own) and the DML, and announces the new
    /// view (a new epoch) to every live machine. Then this machine's own copy of the records it took over with, kept
    /// until now as their second durable copy, can go.
    /// </summary>
    private async Task AppointLieutenantAsync(IReadOnlyList<LieutenantRecord>? records = null)
    {
        if (_appointing || _deposed)
        {
            return;
        }

        _appointing = true;
        try
        {
            var order = _options.Machines.SkipWhile(m => m != Machine).Skip(1).Concat(_options.Machines.TakeWhile(m => m != Machine));
            foreach (var candidate in order.Where(m => !_caretaker.IsDead(m)))
            {
                var view = new ClusterView(_view.Epoch + 1, Machine, candidate);
                try
                {
                    await GrainFactory.GetGrain<IReplicaGrain>(candidate).AdoptView(view);
                    await GrainFactory.GetGrain<ILieutenantGrain>(candidate).Appoint(view, records ?? BuildRecords(), _caretaker.DeadMachineList.ToList());
                }
                catch (Exception ex) when (Unreachable.Is(ex) || ex is StaleEpochException)
                {
                    continue;
                }

                _view = view;
                await GrainFactory.GetGrain<IReplicaGrain>(Machine).AdoptView(view);
                await _store.LieutenantDirectory.ClearAsync();
                _noLieutenantNoted = false;
                LogLieutenantAppointed(candidate, view.Epoch);
                Note(ClusterEventKind.LieutenantAppointed, candidate, $"{candidate} appointed Lieutenant");
                await AnnounceAsync();
                return;
            }

            // Said once, not at every retry of the Caretaker's tick.
            if (!_noLieutenantNoted)
            {
                _noLieutenantNoted = true;
                LogNoLieutenant(Machine);
                Note(ClusterEventKind.NoLieutenant, Machine, $"no live machine can be Lieutenant: {Machine} acknowledges nothing until one can");
            }
        }
        finally
        {
            _appointing = false;
        }
    }

    // "The Master is dead! Long live the Master!": every live machine learns the new view.
    private async Task AnnounceAsync()
    {
        var view = _view;
        await Task.WhenAll(_options.Machines.Where(m => !_caretaker.IsDead(m) && m != Machine).Select(async m =>
        {
            try
            {
                await GrainFactory.GetGrain<IReplicaGrain>(m).AdoptView(view);
            }
            catch (Exception ex) when (Unreachable.Is(ex))
            {
                // It will learn the view from the first order it receives.
            }
        }));
    }

    // Fencing: a machine knows a newer epoch, so this Master was replaced (wrongly declared dead, partitioned
    // away). It stops issuing orders at once; its machine rejoins as an ordinary one.
    private void OnDeposedBy(string machine)
    {
        if (_deposed)
        {
            return;
        }

        _deposed = true;
        LogDeposed(Machine, _view.Epoch, machine);
        Note(ClusterEventKind.SteppedDown, Machine, $"{Machine} steps down as Master: {machine} knows a newer Master");
        foreach (var sender in _senders.Values)
        {
            sender.Stop();
        }

        foreach (var letter in _letters.Values)
        {
            letter.ReleaseWaiters();
        }

        _ = GrainFactory.GetGrain<IReplicaGrain>(Machine).MasterStopped();
        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Caretaker: {Machine} has no pulse; it goes on the Dead Machine List (epoch {Epoch})")]
    private partial void LogMachineDied(string machine, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caretaker: {Machine} is back; catching it up from {Pending} requests")]
    private partial void LogCatchUp(string machine, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caretaker: {Machine} is caught up and back on the active list")]
    private partial void LogMachineBack(string machine);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} appointed Lieutenant (epoch {Epoch})")]
    private partial void LogLieutenantAppointed(string machine, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine}: no live machine can be Lieutenant; it acknowledges nothing until one can")]
    private partial void LogNoLieutenant(string machine);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} steps down as Master of epoch {Epoch}: {Other} knows a newer Master")]
    private partial void LogDeposed(string machine, long epoch, string other);
}

using Maildriver.Grains.Common;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// A change of Master (section 11 and "change master" in 9.3): starting from the Lieutenant's records, finding
/// every missing letter body (<see cref="FindFile"/>, the <see cref="DoYouHaveIt"/> list), and handing mastership
/// over on request.
/// </summary>
public sealed partial class MasterGrain
{
    // Set by the constructor in MasterGrain.cs; read only here.
    private readonly FindFile _findFile;

    public async Task TakeOver(TakeOverState state)
    {
        ThrowIfDeposed();

        // Before anything awaits: every letter in the records is known by its submission from now on, so a retry of
        // it (the client gave up on the old Master) is answered with the same letter; then requests may come in.
        foreach (var record in state.Records.Where(r => r.Kind == LieutenantRecords.SendKind))
        {
            var header = LieutenantRecords.ReadLetter(record);
            _bySubmission.TryAdd(header.SubmissionKey, header.Id);
        }

        _takenOver.TrySetResult();
        LogTakingOver(Machine, _view.Epoch, state.FormerMaster, state.Records.Count);
        Note(ClusterEventKind.TookOver, Machine, state.FormerMasterAlive
            ? $"change of master: {state.FormerMaster} hands over to {Machine}"
            : state.FormerMaster == Machine
                ? $"{Machine} restarted as Master with no Lieutenant and takes over again from the records it kept"
                : $"{Machine} takes over as Master from {state.FormerMaster}", state.Records.Count);
        if (!state.FormerMasterAlive && state.FormerMaster != Machine)
        {
            _metrics.FailedOver();
        }

        foreach (var dead in state.DeadMachines.Append(state.FormerMaster).Distinct().Where(m => m != Machine && _senders.ContainsKey(m)))
        {
            if (state.FormerMasterAlive && dead == state.FormerMaster)
            {
                continue;
            }

            _caretaker.MarkDead(dead);
            _senders[dead].MarkDead();
        }

        _seq = Math.Max(_seq, state.Records.Select(r => r.Seq).DefaultIfEmpty(0).Max());

        // A Lieutenant first (the takeover leaves this machine with none), given the records as they came, so that
        // what the old Master acknowledged has two durable copies again before anything else; then the announcement.
        if (_view.Lieutenant is null)
        {
            await AppointLieutenantAsync(state.Records);
        }

        await AnnounceAsync();

        // Re-issue every unfinished request from scratch, in the order it was made; repeats are harmless.
        var records = state.Records.Where(r => r.Kind != LieutenantRecords.DeadKind).OrderBy(r => r.Seq).ToList();
        foreach (var record in records)
        {
            if (record.Kind == LieutenantRecords.SendKind)
            {
                var header = LieutenantRecords.ReadLetter(record);
                if (_letters.ContainsKey(header.Id))
                {
                    continue;
                }

                if (await _findFile.FindAsync(header) is { } letter)
                {
                    StartDelivery(letter, record.Seq);
                }
                else
                {
                    // No live machine has the body: wait for one that comes back (checked at every rebirth).
                    _doYouHaveIt.Add(header, record.Seq);
                    _bySubmission[header.SubmissionKey] = header.Id;
                    LogDoYouHaveIt(header.Id);
                    Note(ClusterEventKind.LetterMissing, header.Id, $"no live machine has letter {header.Id}: on the DoYouHaveIt list");
                }
            }
        }

        foreach (var record in records.Where(r => r.Kind == LieutenantRecords.RequestKind))
        {
            var order = LieutenantRecords.ReadRequest(record);
            if (!_requests.ContainsKey(order.OpId))
            {
                Dispatch(new PendingRequest(order, _options.Machines, record.Seq));
            }
        }
    }

    // A Master activated by a takeover or a change of master takes no request until it has the records it starts
    // from: a client's retry of a letter in them must find that letter, not become a second one with the same
    // submission. Reentrancy would otherwise let a Submit in between the grant and the TakeOver call.
    private Task TakenOverAsync()
        => _takenOver.Task.IsCompleted
            ? Task.CompletedTask
            : _takenOver.Task.WaitAsync(_options.NoPulseTimeout * 4, _time, _silo.Stopping);

    // Section 11 / ResurrectMachine: a machine coming back may hold a body nobody else had.
    private async Task OfferDoYouHaveItAsync(string machine)
    {
        foreach (var (header, seq) in _doYouHaveIt.Letters.ToList())
        {
            try
            {
                var id = header.Id;
                if (await GrainFactory.GetGrain<IReplicaGrain>(machine).FindLetter(id) is { } found && _doYouHaveIt.Remove(id))
                {
                    await _store.MasterDirectory.SaveAsync([found]);
                    StartDelivery(found, seq);
                    LogFoundLetter(id, machine);
                    Note(ClusterEventKind.LetterFound, id, $"{machine} had letter {id} from the DoYouHaveIt list");
                    ReleaseDeleteQueue(id);
                }
            }
            catch (Exception ex) when (Unreachable.Is(ex))
            {
                return;
            }
        }
    }

    /// <summary>Everything a Lieutenant or a new Master must know, as records, in request order.</summary>
    private List<LieutenantRecord> BuildRecords()
    {
        var records = new List<LieutenantRecord>();
        records.AddRange(_letters.Values.Select(l => LieutenantRecords.ForLetter(l.Letter.Header, l.Seq)));
        records.AddRange(_doYouHaveIt.Letters.Select(d => LieutenantRecords.ForLetter(d.Header, d.Seq)));
        records.AddRange(_requests.Values.Select(r => LieutenantRecords.ForRequest(r.Order, r.Seq)));
        records.AddRange(_caretaker.DeadMachineList.Select(LieutenantRecords.ForDeadMachine));
        return records.OrderBy(r => r.Seq).ToList();
    }

    public async Task ChangeMaster(string machine)
    {
        ThrowIfDeposed();
        await TakenOverAsync();
        if (!_senders.ContainsKey(machine))
        {
            throw new RequestRefusedException($"unknown machine '{machine}'");
        }

        if (machine == Machine)
        {
            return;
        }

        if (_caretaker.IsDead(machine))
        {
            throw new RequestRefusedException($"{machine} is on the Dead Machine List; it cannot become Master");
        }

        if (NotAcknowledging() is { } why)
        {
            throw new NoLieutenantException($"temporarily unavailable: Master {Machine} hands nothing over ({why}); try again");
        }

        // "Finish up what you're doing": stop issuing, then hand over every record and queue.
        var state = new TakeOverState(BuildRecords(), _caretaker.DeadMachineList.ToList(), Machine, FormerMasterAlive: true);
        // The chosen machine stops being Lieutenant when it becomes Master: it appoints another first thing.
        var lieutenant = machine == _view.Lieutenant ? null : _view.Lieutenant;
        var view = new ClusterView(_view.Epoch + 1, machine, lieutenant);
        _deposed = true;
        foreach (var sender in _senders.Values)
        {
            sender.Stop();
        }

        try
        {
            await GrainFactory.GetGrain<IReplicaGrain>(machine).GrantMastership(view);
            await GrainFactory.GetGrain<IMasterGrain>(machine).TakeOver(state);
        }
        catch
        {
            // The handover failed before the new Master took it: carry on as Master.
            _deposed = false;
            foreach (var sender in _senders.Values)
            {
                sender.Resume();
            }

            throw;
        }

        LogHandedOver(Machine, machine, view.Epoch);
        Note(ClusterEventKind.HandedOver, machine, $"{Machine} handed mastership to {machine} (epoch {view.Epoch})");
        await GrainFactory.GetGrain<IReplicaGrain>(Machine).AdoptView(view);
        await GrainFactory.GetGrain<IReplicaGrain>(Machine).MasterStopped();
        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} takes over as Master (epoch {Epoch}); the former Master: {Former}; {Records} records")]
    private partial void LogTakingOver(string machine, long epoch, string former, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No live machine has letter {LetterId}: it goes on the DoYouHaveIt list")]
    private partial void LogDoYouHaveIt(string letterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "DoYouHaveIt: {Machine} had letter {LetterId}")]
    private partial void LogFoundLetter(string letterId, string machine);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} handed mastership to {Target} (epoch {Epoch})")]
    private partial void LogHandedOver(string machine, string target, long epoch);
}

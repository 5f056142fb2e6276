using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master's side of a machine's death and rebirth (section 10, the appendix's ProcessLifeOrDeath). At a death
/// (the <see cref="Caretaker"/> found no pulse) the machine's Sender holds still, so its queue becomes its DMCL, and
/// the Lieutenant is told, or replaced if it is the one that died. At a rebirth ("I'm here! I'm here!") the machine
/// is offered the DoYouHaveIt list, then caught up from its DMCL, in order, each item leaving the list as it
/// completes; once the list is empty it is off the DML and the Lieutenant is told.
/// </summary>
internal sealed partial class LifeOrDeath
{
    // Dead machines being caught up.
    private readonly HashSet<string> _catchingUp = new(StringComparer.Ordinal);
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly Caretaker _caretaker;
    private readonly Senders _senders;
    private readonly DeliveryQueue _deliveries;
    private readonly DoYouHaveItOffer _offer;
    private readonly RequestDispatch _dispatch;
    private readonly MachineRebuild _rebuild;
    private readonly LieutenantConnection _lieutenant;
    private readonly LieutenantAppointment _appointment;
    private readonly ILogger _logger;

    /// <param name="master">The Master's machine and services.</param>
    /// <param name="standing">The Master's view and its notes in the operators' log.</param>
    /// <param name="caretaker">The DML.</param>
    /// <param name="senders">Each machine's Sender, whose queue is its DMCL while it is dead.</param>
    /// <param name="deliveries">The letters in mid-delivery, whose queued MarkValid a returning machine gets as a Deliver.</param>
    /// <param name="offer">Asks a machine that comes back for the letters no live machine had at the takeover.</param>
    /// <param name="dispatch">Releases deletes a death or a found letter lets go.</param>
    /// <param name="rebuild">Machines copying a snapshot, not back until their Hello.</param>
    /// <param name="lieutenant">Told of each death and rebirth.</param>
    /// <param name="appointment">Replaces a dead Lieutenant.</param>
    /// <param name="logger">The Master's logger.</param>
    public LifeOrDeath(
        MasterContext master,
        MasterStanding standing,
        Caretaker caretaker,
        Senders senders,
        DeliveryQueue deliveries,
        DoYouHaveItOffer offer,
        RequestDispatch dispatch,
        MachineRebuild rebuild,
        LieutenantConnection lieutenant,
        LieutenantAppointment appointment,
        ILogger logger)
    {
        _master = master;
        _standing = standing;
        _caretaker = caretaker;
        _senders = senders;
        _deliveries = deliveries;
        _offer = offer;
        _dispatch = dispatch;
        _rebuild = rebuild;
        _lieutenant = lieutenant;
        _appointment = appointment;
        _logger = logger;
    }

    /// <summary>
    /// Section 10.1: requests for a dead machine now stay in its Sender's queue, which becomes its DMCL; the
    /// Lieutenant puts it on its own DML; a dead Lieutenant is replaced first thing.
    /// </summary>
    public void MachineDied(string machine)
    {
        LogMachineDied(machine, _standing.View.Epoch);
        _standing.Note(ClusterEventKind.MachineDied, machine, $"{machine} has no pulse: it goes on the Dead Machine List");
        _senders[machine].MarkDead();
        _catchingUp.Remove(machine);
        if (machine == _standing.View.Lieutenant)
        {
            _ = _appointment.AppointAsync();
        }
        else
        {
            _ = _lieutenant.TellAsync(l => l.MachineDied(_standing.View.Epoch, machine));
        }

        // Letters now finished on every live machine may release their deferred deletes.
        _dispatch.ReleaseDeleteQueue();
    }

    /// <summary>A machine on the DML answered its pulse: it is caught up from its DMCL.</summary>
    public void DeadMachineAnswered(string machine) => BeginCatchUp(machine);

    /// <summary>
    /// A machine came back up and asks who is Master ("I'm here! I'm here!"): it is offered the DoYouHaveIt list,
    /// asked which letters it already finished, and caught up if it was dead. Returns the Master's view.
    /// </summary>
    public async Task<ClusterView> HelloAsync(string machine)
    {
        if (!_senders.Contains(machine))
        {
            throw new ArgumentException($"unknown machine '{machine}'");
        }

        // The DoYouHaveIt list is offered before answering: the machine keeps its old Master records (a possible
        // last copy of a body) until this returns.
        await _offer.OfferAllAsync(machine);
        MarkValidBecomesDeliver(machine);
        await _rebuild.ReconcileFinishedAsync(machine);
        _rebuild.Rebuilt(machine);
        if (_caretaker.IsDead(machine))
        {
            BeginCatchUp(machine);
        }

        return _standing.View;
    }

    // A machine that says Hello has restarted and dropped its bogus protoletters (section 10.2), so a "mark valid"
    // still queued for it would find nothing, and the whole letter would go again at the front of its queue, after
    // letters ordered later had been delivered there: their UIDs would show before a lower one. A full delivery in
    // the same place keeps the Master's order.
    private void MarkValidBecomesDeliver(string machine)
        => _senders[machine].Rewrite(order => order.Kind == OrderKind.MarkValid && order.LetterId is { } id && _deliveries.TryGet(id, out var letter)
            ? new Order(order.OpId, OrderKind.Deliver, LetterId: id, Letter: letter.Letter)
            : order);

    /// <summary>Machine <paramref name="machine"/> took a batch: while it is catching up, every order in it has left its catch-up list.</summary>
    public void Applied(string machine, IReadOnlyList<Order> batch)
    {
        if (_catchingUp.Contains(machine))
        {
            _master.Metrics.CatchUpDone(machine, batch.Count);
        }
    }

    /// <summary>"That's all folks!": off the DML, and the Lieutenant forgets it died.</summary>
    public void CatchUpDrained(string machine)
    {
        // A machine being rebuilt is back only once its snapshot is in, which its Hello says.
        if (_rebuild.IsRebuilding(machine) || !_catchingUp.Remove(machine))
        {
            return;
        }

        _caretaker.MarkAlive(machine);
        LogMachineBack(machine);
        _standing.Note(ClusterEventKind.MachineBack, machine, $"{machine} is caught up and back on the active list");
        _ = _lieutenant.TellAsync(l => l.MachineReborn(_standing.View.Epoch, machine));
        if (_standing.View.Lieutenant is null || _caretaker.IsDead(_standing.View.Lieutenant))
        {
            _ = _appointment.AppointAsync();
        }
    }

    /// <summary>After each tick: the catch-up list of every machine on the Dead Machine List, returning ones included.</summary>
    public void ReportCatchUp()
        => _master.Metrics.ReportCatchUp(_senders.All.Where(s => _caretaker.IsDead(s.Machine)).ToDictionary(s => s.Machine, s => (long)s.Count, StringComparer.Ordinal));

    /// <summary>
    /// Up means on the active list (the Master's own machine always is); a machine being rebuilt is not up until its
    /// Hello, whatever its pulse says.
    /// </summary>
    public MachineStatus StatusOf(string machine)
    {
        var state = machine == _master.Machine ? MachineStates.Up
            : _rebuild.IsRebuilding(machine) ? MachineStates.Rebuilding
            : !_caretaker.IsDead(machine) ? MachineStates.Up
            : _catchingUp.Contains(machine) ? MachineStates.CatchingUp
            : MachineStates.Dead;
        return new MachineStatus(machine, state == MachineStates.Up, _senders[machine].Count, state);
    }

    // Section 10.2: the reborn machine is given its DMCL, in order, each item leaving the list as it completes.
    private void BeginCatchUp(string machine)
    {
        if (_catchingUp.Add(machine))
        {
            LogCatchUp(machine, _senders[machine].Count);
            _standing.Note(ClusterEventKind.CatchUpStarted, machine, $"{machine} is back: catching it up from {_senders[machine].Count} requests", _senders[machine].Count);
            _ = _offer.OfferAllAsync(machine);
            _senders[machine].StartCatchUp();
        }

        // Also when catch-up had begun: a rebuild may have emptied the list without the Sender sending anything.
        if (_senders[machine].Count == 0)
        {
            CatchUpDrained(machine);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Caretaker: {Machine} has no pulse; it goes on the Dead Machine List (epoch {Epoch})")]
    private partial void LogMachineDied(string machine, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caretaker: {Machine} is back; catching it up from {Pending} requests")]
    private partial void LogCatchUp(string machine, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caretaker: {Machine} is caught up and back on the active list")]
    private partial void LogMachineBack(string machine);
}

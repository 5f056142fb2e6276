using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// "Change master" (section 9.3, the appendix's ProcessRequest ChangeMaster): the Master tells its Senders to
/// "finish up what you're doing and exit", sends all its Master files and queues to the Master-to-be, which takes
/// over, and steps down. A handover that fails before the new Master took it leaves this one Master.
/// </summary>
internal sealed partial class ChangeMaster
{
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly Caretaker _caretaker;
    private readonly Senders _senders;
    private readonly LieutenantConnection _lieutenant;
    private readonly Func<IReadOnlyList<LieutenantRecord>> _records;
    private readonly Action _deactivate;
    private readonly ILogger _logger;

    /// <param name="master">The Master's machine and services.</param>
    /// <param name="standing">Resigned for the handover, reinstated if it fails.</param>
    /// <param name="caretaker">A machine on the DML cannot become Master; the DML goes to the new one.</param>
    /// <param name="senders">Which machines there are.</param>
    /// <param name="lieutenant">Whether a live Lieutenant holds the second copy of what is handed over.</param>
    /// <param name="records">Every pending send and request, as records, in request order.</param>
    /// <param name="deactivate">Ends the grain's activation once it is idle.</param>
    /// <param name="logger">The Master's logger.</param>
    public ChangeMaster(
        MasterContext master,
        MasterStanding standing,
        Caretaker caretaker,
        Senders senders,
        LieutenantConnection lieutenant,
        Func<IReadOnlyList<LieutenantRecord>> records,
        Action deactivate,
        ILogger logger)
    {
        _master = master;
        _standing = standing;
        _caretaker = caretaker;
        _senders = senders;
        _lieutenant = lieutenant;
        _records = records;
        _deactivate = deactivate;
        _logger = logger;
    }

    /// <summary>Hands mastership over to <paramref name="machine"/>.</summary>
    /// <exception cref="RequestRefusedException">No such machine, or it is on the Dead Machine List.</exception>
    /// <exception cref="NoLieutenantException">No live Lieutenant holds the second copy of the records.</exception>
    public async Task HandOverAsync(string machine)
    {
        var self = _master.Machine;
        if (!_senders.Contains(machine))
        {
            throw new RequestRefusedException($"unknown machine '{machine}'");
        }

        if (machine == self)
        {
            return;
        }

        if (_caretaker.IsDead(machine))
        {
            throw new RequestRefusedException($"{machine} is on the Dead Machine List; it cannot become Master");
        }

        if (_lieutenant.NotAcknowledging() is { } why)
        {
            throw new NoLieutenantException($"temporarily unavailable: Master {self} hands nothing over ({why}); try again");
        }

        // "Finish up what you're doing": stop issuing, then hand over every record and queue.
        var state = new TakeOverState(_records(), _caretaker.DeadMachineList.ToList(), self, FormerMasterAlive: true);
        // The chosen machine stops being Lieutenant when it becomes Master: it appoints another first thing.
        var lieutenant = machine == _standing.View.Lieutenant ? null : _standing.View.Lieutenant;
        var view = new ClusterView(_standing.View.Epoch + 1, machine, lieutenant);
        _standing.Resign();

        try
        {
            await _master.Replica(machine).GrantMastership(view);
            await _master.Grains.GetGrain<IMasterGrain>(machine).TakeOver(state);
        }
        catch
        {
            // The handover failed before the new Master took it: carry on as Master.
            _standing.Reinstate();
            throw;
        }

        LogHandedOver(self, machine, view.Epoch);
        _standing.Note(ClusterEventKind.HandedOver, machine, $"{self} handed mastership to {machine} (epoch {view.Epoch})");
        await _master.Replica(self).AdoptView(view);
        await _master.Replica(self).MasterStopped();
        _deactivate();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} handed mastership to {Target} (epoch {Epoch})")]
    private partial void LogHandedOver(string machine, string target, long epoch);
}

using Maildriver.Clustering.Placement;
using Maildriver.Grains.Dashboard;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Telemetry;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Orleans.Concurrency;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master (paper sections 6, 7.2, 8, 9 and the appendix's MASTER): the one place that orders replication. Like
/// the paper's Master process, which "forks off several auxiliary processes", it is a set of parts, each a type of
/// its own owned by this activation: <see cref="LetterIntake"/> and <see cref="RequestIntake"/> take requests,
/// <see cref="DeliveryQueue"/> and <see cref="RequestDispatch"/> send them through the <see cref="Senders"/>, and
/// <see cref="Acknowledgements"/> takes the machines' answers; the <see cref="Caretaker"/>, its
/// <see cref="CaretakerRound"/> and <see cref="LifeOrDeath"/> watch the machines; <see cref="LieutenantConnection"/>
/// and <see cref="LieutenantAppointment"/> are its side of the Lieutenant; <see cref="TakeOver"/>,
/// <see cref="ChangeMaster"/> and <see cref="MasterStanding"/> make and unmake a Master; <see cref="RushOrder"/>,
/// <see cref="MachineRebuild"/>, <see cref="StatusReport"/> and <see cref="AdminBootstrap"/> do the rest. The grain
/// itself is the Orleans entry point: it makes the parts and hands each call to one of them.
/// </summary>
// Reentrant: the Master awaits its machines and its Lieutenant on behalf of many clients at once; each request
// awaiting two durable copies must not hold the others back. State changes only between awaits: the parts share this
// activation's turns and are never called from another thread.
[Reentrant]
[KeepAlive]
// Pinned to the machine its key names: its state is that machine's disk.
[MachinePlacement]
public sealed partial class MasterGrain : Grain, IMasterGrain
{
    private readonly MasterContext _master;
    private readonly ClusterEventLog _events;
    private readonly AdminBootstrapOptions _admin;
    private readonly ILogger<MasterGrain> _logger;
    private readonly RequestOrder _order = new();
    private readonly PendingRequests _requests = new();

    // Section 11: letters whose body no live machine had at the takeover.
    private readonly DoYouHaveIt _doYouHaveIt = new();

    // The parts that need the granted view or the Caretaker: made once this machine's mastership is confirmed, in
    // OnActivateAsync (the Caretaker's no-pulse clock starts then), before any call or timer reaches the grain.
    private MasterStanding _standing = null!;
    private DeliveryQueue _deliveries = null!;
    private Acknowledgements _acknowledgements = null!;
    private LifeOrDeath _lifeOrDeath = null!;
    private CaretakerRound _round = null!;
    private LetterIntake _letterIntake = null!;
    private RequestIntake _requestIntake = null!;
    private RushOrder _rushOrder = null!;
    private MachineRebuild _rebuild = null!;
    private TakeOver _takeOver = null!;
    private ChangeMaster _changeMaster = null!;
    private StatusReport _status = null!;
    private AdminBootstrap _bootstrap = null!;

    /// <param name="store">This machine's store: the Master directory's copies of letters in mid-delivery.</param>
    /// <param name="options">The cluster's options.</param>
    /// <param name="silo">The silo: its name and its stopping token.</param>
    /// <param name="time">The clock.</param>
    /// <param name="metrics">The figures for Prometheus: deliveries, catch-up, takeovers.</param>
    /// <param name="events">The operators' log of the cluster's life.</param>
    /// <param name="admin">The first admin's password, as the silo's hosting bound it.</param>
    /// <param name="logger">The logger.</param>
    public MasterGrain(
        MailStore store,
        MaildriverOptions options,
        SiloIdentity silo,
        TimeProvider time,
        MaildriverMetrics metrics,
        ClusterEventLog events,
        IOptions<AdminBootstrapOptions> admin,
        ILogger<MasterGrain> logger)
    {
        _master = new MasterContext(this.GetPrimaryKeyString(), GrainFactory, store, options, metrics, time, silo);
        _events = events;
        _admin = admin.Value;
        _logger = logger;
    }

    private string Machine => _master.Machine;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        MachineActivation.EnsureLocal(Machine, _master.Silo.Name);

        // Only a machine granted mastership (first start, takeover, change of master) may run a Master.
        var granted = await _master.Replica(Machine).ConfirmMastership();
        Compose(granted);

        // Interleaved: pulses go on while a turn awaits a dead machine's Lieutenant; noticing that death ends the turn.
        var pulse = _master.Options.PulseInterval;
        this.RegisterGrainTimer(_ => _round.RunAsync(), new GrainTimerCreationOptions(pulse, pulse) { Interleave = true });

        // Letters this machine stored as Master before a restart of the whole cluster: re-issue them; repeats are harmless.
        foreach (var letter in await _master.Store.MasterDirectory.GetAllAsync(cancellationToken))
        {
            _deliveries.Start(letter, _order.Next());
        }

        var view = _standing.View;
        LogMasterActive(Machine, view.Epoch, view.LieutenantText, _deliveries.Count);
        _standing.Note(ClusterEventKind.MasterActive, Machine, view.Lieutenant is null
            ? $"{Machine} is Master (epoch {view.Epoch}); it has no Lieutenant yet"
            : $"{Machine} is Master (epoch {view.Epoch}); {view.Lieutenant} is its Lieutenant");
        _ = _bootstrap.RunAsync();
    }

    public async Task<IReadOnlyList<string>> Submit(IReadOnlyList<Letter> letters)
    {
        await _standing.ReadyAsync();
        return await _letterIntake.SubmitAsync(letters);
    }

    public async Task Record(IReadOnlyList<Order> requests)
    {
        await _standing.ReadyAsync();
        await _requestIntake.RecordAsync(requests);
    }

    public async Task<int> RushOrder(string machine, string user, TimeSpan wait)
    {
        await _standing.ReadyAsync();
        return await _rushOrder.RushAsync(machine, user, wait);
    }

    public Task Finished(long epoch, string machine, IReadOnlyList<string> opIds)
    {
        // "Finished" is a fact about the machine's own store, whichever Master it was reported to first: a report
        // stamped with an older epoch (the view changed while it travelled) counts all the same.
        if (!_standing.Deposed)
        {
            _acknowledgements.Finished(machine, opIds);
        }

        return Task.CompletedTask;
    }

    public Task<MasterStatus> Status()
    {
        _standing.ThrowIfDeposed();
        return Task.FromResult(_status.Now());
    }

    public async Task<string> BeginRebuild(string machine)
    {
        await _standing.ReadyAsync();
        return _rebuild.Begin(machine);
    }

    public async Task<ClusterView> Hello(string machine)
    {
        await _standing.ReadyAsync();
        return await _lifeOrDeath.HelloAsync(machine);
    }

    public async Task TakeOver(TakeOverState state)
    {
        // No takeover gate here: this call is what opens it.
        _standing.ThrowIfDeposed();
        await _takeOver.RunAsync(state);
    }

    public async Task ChangeMaster(string machine)
    {
        await _standing.ReadyAsync();
        await _changeMaster.HandOverAsync(machine);
    }

    // The parts, each given only the others it uses. Senders and the Caretaker report back through the parts made
    // after them, which exist by the time anything is reported: nothing is sent or polled before activation ends.
    private void Compose(Mastership granted)
    {
        var senders = new Senders(
            _master,
            () => _standing.View,
            onApplied: (machine, batch, result) =>
            {
                _lifeOrDeath.Applied(machine, batch);
                _acknowledgements.Applied(machine, result);
            },
            onDrained: machine => _lifeOrDeath.CatchUpDrained(machine),
            onDeposed: machine => _standing.StepDown(machine),
            _logger);
        _deliveries = new DeliveryQueue(_master.Options.Machines, senders);
        _standing = new MasterStanding(_master, granted, _events, senders, _deliveries, DeactivateOnIdle, _logger);
        var caretaker = new Caretaker(
            _master.Options.Machines.Where(m => m != Machine),
            machine => _round.TakePulseAsync(machine),
            _master.Time,
            _master.Options.NoPulseTimeout,
            machine => _lifeOrDeath.MachineDied(machine),
            machine => _lifeOrDeath.DeadMachineAnswered(machine));

        IReadOnlyList<LieutenantRecord> Records() => LieutenantRecords.Of(_deliveries, _doYouHaveIt, _requests, caretaker.DeadMachineList);
        var appointment = new LieutenantAppointment(_master, _standing, caretaker, Records, _logger);
        var lieutenant = new LieutenantConnection(_master, _standing, caretaker, appointment, _logger);
        var dispatch = new RequestDispatch(_requests, _deliveries, _doYouHaveIt, senders, caretaker, lieutenant);
        _acknowledgements = new Acknowledgements(_master.Metrics, _deliveries, _requests, senders, dispatch, lieutenant);
        _rebuild = new MachineRebuild(_master, _standing, senders, _deliveries, _requests, _acknowledgements, dispatch, _logger);
        var offer = new DoYouHaveItOffer(_master, _standing, caretaker, _deliveries, _doYouHaveIt, dispatch, _logger);
        _lifeOrDeath = new LifeOrDeath(_master, _standing, caretaker, senders, _deliveries, offer, dispatch, _rebuild, lieutenant, appointment, _logger);
        _round = new CaretakerRound(_master, _standing, caretaker, _lifeOrDeath, lieutenant, appointment, offer);
        var uids = new UidCounter(_master, _deliveries, _doYouHaveIt);
        _letterIntake = new LetterIntake(_master, _standing, _deliveries, lieutenant, _order, uids);
        _requestIntake = new RequestIntake(_master, _standing, _requests, dispatch, lieutenant, _order);
        _rushOrder = new RushOrder(_master, senders, _deliveries, _doYouHaveIt);
        _takeOver = new TakeOver(_master, _standing, caretaker, senders, _deliveries, _requests, dispatch, _doYouHaveIt, appointment, _order, uids, _logger);
        _changeMaster = new ChangeMaster(_master, _standing, caretaker, senders, lieutenant, Records, DeactivateOnIdle, _logger);
        _status = new StatusReport(_master, _standing, caretaker, senders, _deliveries, _requests, dispatch, _doYouHaveIt, _lifeOrDeath, lieutenant);
        _bootstrap = new AdminBootstrap(_master, _standing, _requests, Record, _admin, _logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} is Master (epoch {Epoch}); its Lieutenant: {Lieutenant}; re-issued {Letters} letters")]
    private partial void LogMasterActive(string machine, long epoch, string lieutenant, int letters);
}

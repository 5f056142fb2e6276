using Maildriver.Clustering.Placement;
using Maildriver.Grains.Common;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Storage;

using Microsoft.Extensions.Logging;

using Orleans.Concurrency;

namespace Maildriver.Grains.Lieutenant;

/// <summary>
/// The Lieutenant (sections 7.4 and 11, the appendix's LIEUTENANT): it writes down every request the Master
/// starts and forgets it when the Master says it is done, so that at any moment it holds exactly the unfinished
/// requests a new Master would have to re-issue, plus the Dead Machine List. It takes the Master's pulse, and
/// when the Master dies it becomes Master with a higher epoch. Writes are group-committed.
/// </summary>
// Reentrant: while one batch of records awaits the disk (group commit) the next must join the following batch, and
// the Master's pulse watch must run meanwhile; its state changes only between awaits, on the activation's one thread.
[Reentrant]
[KeepAlive]
// Pinned to the machine its key names: its state is that machine's disk.
[MachinePlacement]
public sealed partial class LieutenantGrain : Grain, ILieutenantGrain
{
    private readonly MailStore _store;
    private readonly MaildriverOptions _options;
    private readonly ILogger<LieutenantGrain> _logger;
    private readonly SiloIdentity _silo;
    private readonly TimeProvider _time;
    private readonly ClusterEventLog _events;
    private readonly Dictionary<string, LieutenantRecord> _records = new(StringComparer.Ordinal);
    private readonly GroupCommit<LieutenantRecord, bool> _writes;
    private readonly GroupCommit<string, bool> _deletes;
    private ClusterView _view = null!;
    private long _lastPulse;
    private bool _takingOver;
    private bool _retired;

    public LieutenantGrain(MailStore store, MaildriverOptions options, SiloIdentity silo, TimeProvider time, ClusterEventLog events, ILogger<LieutenantGrain> logger)
    {
        _events = events;
        _silo = silo;
        _time = time;
        _store = store;
        _options = options;
        _logger = logger;
        _writes = new GroupCommit<LieutenantRecord, bool>(WriteAsync, maxBatch: 2048);
        _deletes = new GroupCommit<string, bool>(DeleteAsync, maxBatch: 4096);
    }

    private string Machine => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        MachineActivation.EnsureLocal(Machine, _silo.Name);
        _view = await GrainFactory.GetGrain<IReplicaGrain>(Machine).GetView();
        foreach (var r in await _store.LieutenantDirectory.GetAllAsync(cancellationToken))
        {
            _records[r.OpId] = r;
        }

        _lastPulse = _time.GetTimestamp();
        // Interleaved: the watch must tick while a long Record or Appoint call is awaiting the disk, or a Master that
        // died meanwhile would be noticed only after it.
        this.RegisterGrainTimer(_ => WatchMasterAsync(), new GrainTimerCreationOptions(_options.PulseInterval, _options.PulseInterval) { Interleave = true });
    }

    public async Task Record(long epoch, IReadOnlyList<LieutenantRecord> records)
    {
        await CheckEpochAsync(epoch);
        await Task.WhenAll(records.Select(r => _writes.Enqueue(r)));
    }

    public async Task Forget(long epoch, IReadOnlyList<string> opIds)
    {
        await CheckEpochAsync(epoch);
        await Task.WhenAll(opIds.Select(id => _deletes.Enqueue(id)));
    }

    public async Task Appoint(ClusterView view, IReadOnlyList<LieutenantRecord> records, IReadOnlyList<string> deadMachines)
    {
        await CheckEpochAsync(view.Epoch);
        _view = view;
        _retired = false;
        _lastPulse = _time.GetTimestamp();
        await _store.LieutenantDirectory.ClearAsync();
        _records.Clear();
        var all = records.Concat(deadMachines.Select(LieutenantRecords.ForDeadMachine)).DistinctBy(r => r.OpId).ToList();
        await _store.LieutenantDirectory.SaveAsync(all);
        foreach (var r in all)
        {
            _records[r.OpId] = r;
        }

        LogAppointed(Machine, view.Epoch, all.Count);
    }

    public async Task MachineDied(long epoch, string machine)
    {
        await CheckEpochAsync(epoch);
        await _writes.Enqueue(LieutenantRecords.ForDeadMachine(machine));
    }

    public async Task MachineReborn(long epoch, string machine)
    {
        await CheckEpochAsync(epoch);
        await _deletes.Enqueue(LieutenantRecords.ForDeadMachine(machine).OpId);
    }

    public async Task MasterDied(long epoch, string master)
    {
        _view = await GrainFactory.GetGrain<IReplicaGrain>(Machine).GetView();
        if (epoch != _view.Epoch || master != _view.Master)
        {
            return;
        }

        if (_view.Lieutenant == Machine)
        {
            await BecomeMasterAsync($"the Master {master} restarted and lost its state");
        }
        else if (_view.Lieutenant is null && master == Machine)
        {
            // A Master that had no Lieutenant kept the records it took over with on its own disk: the only copy
            // besides what it lost. It takes over again from them.
            await BecomeMasterAsync("it restarted as Master with no Lieutenant; it takes over again from the records it kept");
        }
    }

    public Task<int> PendingCount() => Task.FromResult(_records.Values.Count(r => r.Kind != LieutenantRecords.DeadKind));

    private async Task CheckEpochAsync(long epoch)
    {
        if (epoch < _view.Epoch)
        {
            // Our view may itself be stale if the announcement was missed: look again before refusing.
            _view = await GrainFactory.GetGrain<IReplicaGrain>(Machine).GetView();
        }

        if (epoch < _view.Epoch)
        {
            throw new StaleEpochException($"Lieutenant {Machine} is at epoch {_view.Epoch}; refusing epoch {epoch}");
        }
    }

    // The Lieutenant polls the Master's pulse (the appendix's main loop). A Lieutenant is only activated once its
    // machine has spoken to the Master (joining the cluster) or been appointed by it, so the count starts from a
    // Master known to be alive and a cluster started in any order does not fail over before its Master is up.
    private async Task WatchMasterAsync()
    {
        if (_takingOver || _retired)
        {
            return;
        }

        _view = await GrainFactory.GetGrain<IReplicaGrain>(Machine).GetView();
        if (_view.Lieutenant != Machine)
        {
            Retire();
            return;
        }

        if (_view.Master == Machine)
        {
            return;
        }

        bool alive;
        try
        {
            var reply = await GrainFactory.GetGrain<IReplicaGrain>(_view.Master).Pulse().WaitAsync(_options.NoPulseTimeout, _time);
            alive = reply.MasterRunning || reply.View.Epoch > _view.Epoch;
        }
        catch (Exception)
        {
            alive = false;
        }

        LogPulse(_view.Master, alive);
        if (alive)
        {
            _lastPulse = _time.GetTimestamp();
            return;
        }

        if (_time.GetElapsedTime(_lastPulse) >= _options.NoPulseTimeout)
        {
            await BecomeMasterAsync($"no pulse from {_view.Master} for {_options.NoPulseTimeout.TotalMilliseconds} ms");
        }
    }

    // Section 11's BecomeMaster: a new epoch, this machine as Master, and the records handed to the new Master,
    // which appoints a Lieutenant, announces itself and re-issues everything unfinished.
    private async Task BecomeMasterAsync(string reason)
    {
        if (_takingOver)
        {
            return;
        }

        _takingOver = true;
        var former = _view.Master;
        // No Lieutenant yet: the new Master appoints one first thing. Never itself, which would leave what it
        // acknowledges with one durable copy.
        var view = new ClusterView(_view.Epoch + 1, Machine, null);
        if (former == Machine)
        {
            LogMasterAgain(Machine, view.Epoch, reason);
        }
        else
        {
            LogBecomingMaster(Machine, former, view.Epoch, reason);
        }

        // Signed as the Lieutenant: the takeover itself is then recorded by the same machine as Master.
        _events.Publish(
            $"Lieutenant {Machine}", ClusterEventKind.MasterSilent, former, _view.Epoch, $"Lieutenant {Machine}: {reason}; it takes over as Master of epoch {view.Epoch}");

        var records = _records.Values.OrderBy(r => r.Seq).ToList();
        var dead = records.Where(r => r.Kind == LieutenantRecords.DeadKind).Select(r => r.Payload).ToList();
        try
        {
            await GrainFactory.GetGrain<IReplicaGrain>(Machine).GrantMastership(view);
            _view = view;
            await GrainFactory.GetGrain<IMasterGrain>(Machine).TakeOver(new TakeOverState(records, dead, former, FormerMasterAlive: false));
        }
        finally
        {
            _takingOver = false;
        }

        Retire();
    }

    // A Lieutenant that became Master keeps its records on disk: until it has appointed a Lieutenant they are the
    // second durable copy of what the old Master acknowledged, and its appointment of one clears them.
    private void Retire()
    {
        _retired = true;
        _records.Clear();
        if (_view.Master != Machine)
        {
            _ = _store.LieutenantDirectory.ClearAsync();
        }

        DeactivateOnIdle();
    }

    private async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<LieutenantRecord> batch)
    {
        await _store.LieutenantDirectory.SaveAsync(batch);
        foreach (var r in batch)
        {
            _records[r.OpId] = r;
        }

        return batch.Select(_ => true).ToList();
    }

    private async Task<IReadOnlyList<bool>> DeleteAsync(IReadOnlyList<string> opIds)
    {
        await _store.LieutenantDirectory.DeleteAsync(opIds.ToList());
        foreach (var id in opIds)
        {
            _records.Remove(id);
        }

        return opIds.Select(_ => true).ToList();
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Lieutenant: pulse of {Master}: {Alive}")]
    private partial void LogPulse(string master, bool alive);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} appointed Lieutenant (epoch {Epoch}) with {Records} records")]
    private partial void LogAppointed(string machine, long epoch, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lieutenant {Machine} takes over from {Former} as Master of epoch {Epoch}: {Reason}")]
    private partial void LogBecomingMaster(string machine, string former, long epoch, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} becomes Master again, of epoch {Epoch}: {Reason}")]
    private partial void LogMasterAgain(string machine, long epoch, string reason);
}

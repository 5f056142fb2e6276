using Maildriver.Clustering.Placement;
using Maildriver.Grains.Common;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Telemetry;

using Microsoft.Extensions.Logging;

using Orleans.Concurrency;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master (paper sections 6, 7.2, 8, 9 and the appendix's MASTER): the one place that orders replication.
/// This file holds its state and the normal flow; the machines' answers are in <c>MasterGrain.Acknowledgements.cs</c>,
/// the Caretaker's side in <c>MasterGrain.Caretaking.cs</c>, the Lieutenant's in <c>MasterGrain.Lieutenant.cs</c>, the
/// change of Master in <c>MasterGrain.TakeOver.cs</c>, a rebuilt machine in <c>MasterGrain.Rebuild.cs</c> and the
/// first admin in <c>MasterGrain.Bootstrap.cs</c>.
/// </summary>
// Reentrant: the Master awaits its machines and its Lieutenant on behalf of many clients at once; each request
// awaiting two durable copies must not hold the others back. State changes only between awaits.
[Reentrant]
[KeepAlive]
// Pinned to the machine its key names: its state is that machine's disk.
[MachinePlacement]
public sealed partial class MasterGrain : Grain, IMasterGrain
{
    private readonly MailStore _store;
    private readonly MaildriverOptions _options;
    private readonly MaildriverMetrics _metrics;
    private readonly ClusterEventLog _events;
    private readonly ILogger<MasterGrain> _logger;
    private readonly SiloIdentity _silo;
    private readonly TimeProvider _time;

    // The Master directory: letters in mid-delivery, by id and by submission, and the other requests under way.
    private readonly Dictionary<string, PendingLetter> _letters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _bySubmission = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);

    // Section 9.1's Delete queue: deletes and read flags waiting for their letter's delivery to finish.
    private readonly DeleteQueue _deleteQueue = new();

    // Section 11: letters whose body no live machine had at the takeover.
    private readonly DoYouHaveIt _doYouHaveIt = new();

    // One Sender per machine, whose queue is that machine's DMCL while it is dead.
    private readonly Dictionary<string, Sender> _senders = new(StringComparer.Ordinal);

    // Dead machines being caught up, and machines copying a snapshot (not back until their Hello).
    private readonly HashSet<string> _catchingUp = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rebuilding = new(StringComparer.Ordinal);
    private readonly GroupCommit<Letter, string> _submissions;
    private readonly GroupCommit<Order, bool> _recordings;
    private readonly GroupCommit<string, bool> _forgets;
    private readonly TaskCompletionSource _takenOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClusterView _view = null!;
    private Caretaker _caretaker = null!;
    private long _seq;
    private bool _deposed;
    private bool _appointing;

    /// <param name="store">This machine's store: the Master directory's copies of letters in mid-delivery.</param>
    /// <param name="options">The cluster's options.</param>
    /// <param name="silo">The silo: its name and its stopping token.</param>
    /// <param name="time">The clock.</param>
    /// <param name="metrics">The figures for Prometheus: deliveries, catch-up, takeovers.</param>
    /// <param name="events">The operators' log of the cluster's life.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="admin">The first admin's password; a silo that registers none takes it from its environment.</param>
    public MasterGrain(
        MailStore store,
        MaildriverOptions options,
        SiloIdentity silo,
        TimeProvider time,
        MaildriverMetrics metrics,
        ClusterEventLog events,
        ILogger<MasterGrain> logger,
        AdminBootstrapOptions? admin = null)
    {
        _silo = silo;
        _time = time;
        _store = store;
        _options = options;
        _metrics = metrics;
        _events = events;
        _logger = logger;
        _admin = admin ?? AdminBootstrapOptions.FromEnvironment();
        _findFile = new FindFile(this.GetPrimaryKeyString(), options.Machines, m => _caretaker.IsDead(m), GrainFactory, store);
        _submissions = new GroupCommit<Letter, string>(StoreLettersAsync, maxBatch: 512);
        _recordings = new GroupCommit<Order, bool>(RecordRequestsAsync, maxBatch: 512);
        _forgets = new GroupCommit<string, bool>(ForgetAsync, maxBatch: 2048);
    }

    private string Machine => this.GetPrimaryKeyString();

    private ILieutenantGrain? LieutenantGrain => _view.Lieutenant is { } lieutenant ? GrainFactory.GetGrain<ILieutenantGrain>(lieutenant) : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        MachineActivation.EnsureLocal(Machine, _silo.Name);

        // Only a machine granted mastership (first start, takeover, change of master) may run a Master.
        var mastership = await GrainFactory.GetGrain<IReplicaGrain>(Machine).ConfirmMastership();
        _view = mastership.View;
        if (!mastership.TakeOverPending)
        {
            _takenOver.TrySetResult();
        }

        foreach (var machine in _options.Machines)
        {
            _senders[machine] = new Sender(
                machine,
                GrainFactory.GetGrain<IReplicaGrain>(machine),
                () => _view,
                OnApplied,
                OnUnreachable,
                OnCatchUpDrained,
                OnDeposedBy,
                _time,
                _options.PulseInterval,
                _silo.Stopping);
        }

        _caretaker = new Caretaker(
            _options.Machines.Where(m => m != Machine),
            TakePulseAsync,
            _time,
            _options.NoPulseTimeout,
            OnMachineDied,
            OnDeadMachineAnswered);
        // Interleaved: pulses go on while a turn awaits a dead machine's Lieutenant; noticing that death ends the turn.
        this.RegisterGrainTimer(_ => CaretakerTickAsync(), new GrainTimerCreationOptions(_options.PulseInterval, _options.PulseInterval) { Interleave = true });

        // Letters this machine stored as Master before a restart of the whole cluster: re-issue them; repeats are harmless.
        foreach (var letter in await _store.MasterDirectory.GetAllAsync(cancellationToken))
        {
            StartDelivery(letter, ++_seq);
        }

        LogMasterActive(Machine, _view.Epoch, _view.LieutenantText, _letters.Count);
        Note(ClusterEventKind.MasterActive, Machine, _view.Lieutenant is null
            ? $"{Machine} is Master (epoch {_view.Epoch}); it has no Lieutenant yet"
            : $"{Machine} is Master (epoch {_view.Epoch}); {_view.Lieutenant} is its Lieutenant");
        _ = BootstrapAdminAsync();
    }

    public async Task<IReadOnlyList<string>> Submit(IReadOnlyList<Letter> letters)
    {
        ThrowIfDeposed();
        await TakenOverAsync();
        var ids = letters.Select(l => _submissions.Enqueue(l)).ToList();
        return await Task.WhenAll(ids);
    }

    // One batch of new letters: the Master directory write and the Lieutenant's record, each once per batch.
    private async Task<IReadOnlyList<string>> StoreLettersAsync(IReadOnlyList<Letter> batch)
    {
        ThrowIfDeposed();
        var ids = new string[batch.Count];
        var fresh = new List<Letter>();
        var inBatch = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var key = batch[i].Header.SubmissionKey;
            if (_bySubmission.TryGetValue(key, out var pending) || inBatch.TryGetValue(key, out pending))
            {
                ids[i] = pending;
                continue;
            }

            if (await _store.Letters.FindDeliveredLetterIdBySubmissionAsync(key) is { } stored)
            {
                ids[i] = stored;
                continue;
            }

            ids[i] = batch[i].Header.Id;
            inBatch[key] = ids[i];
            fresh.Add(batch[i]);
        }

        if (fresh.Count > 0)
        {
            var seqs = fresh.Select(_ => ++_seq).ToList();
            await _store.MasterDirectory.SaveAsync(fresh);
            await RecordWithLieutenantAsync(fresh.Select((l, i) => LieutenantRecords.ForLetter(l.Header, seqs[i])).ToList());

            // Deposed while the Lieutenant wrote it down (a change of master took the records before these): the new
            // Master never heard of them, so they are not acknowledged here; the retry goes to it with the same ids.
            ThrowIfDeposed();
            for (var i = 0; i < fresh.Count; i++)
            {
                if (!_letters.ContainsKey(fresh[i].Header.Id))
                {
                    StartDelivery(fresh[i], seqs[i]);
                }
            }
        }

        return ids;
    }

    private void StartDelivery(Letter letter, long seq)
    {
        var pending = new PendingLetter(letter, _options.Machines, seq);
        _letters[pending.Id] = pending;
        _bySubmission[letter.Header.SubmissionKey] = pending.Id;
        foreach (var sender in _senders.Values)
        {
            // The origin already has the body: "you already have the letter, just mark it valid and process it".
            sender.Enqueue(sender.Machine == letter.Header.Origin
                ? new Order(pending.Id, OrderKind.MarkValid, LetterId: pending.Id)
                : new Order(pending.Id, OrderKind.Deliver, LetterId: pending.Id, Letter: letter));
        }
    }

    public async Task Record(IReadOnlyList<Order> requests)
    {
        ThrowIfDeposed();
        await TakenOverAsync();
        await Task.WhenAll(requests.Select(r => _recordings.Enqueue(r)));
    }

    private async Task<IReadOnlyList<bool>> RecordRequestsAsync(IReadOnlyList<Order> batch)
    {
        var fresh = batch.Where(o => !_requests.ContainsKey(o.OpId)).DistinctBy(o => o.OpId).ToList();
        if (fresh.Count > 0)
        {
            var seqs = fresh.Select(_ => ++_seq).ToList();
            await RecordWithLieutenantAsync(fresh.Select((o, i) => LieutenantRecords.ForRequest(o, seqs[i])).ToList());
            ThrowIfDeposed(); // as for letters: a deposed Master acknowledges nothing it did not hand over
            for (var i = 0; i < fresh.Count; i++)
            {
                if (!_requests.ContainsKey(fresh[i].OpId))
                {
                    Dispatch(new PendingRequest(fresh[i], _options.Machines, seqs[i]));
                }
            }
        }

        return batch.Select(_ => true).ToList();
    }

    // Section 9.1: a delete (or read flag) of a letter still mid-delivery on a live machine waits in the Delete
    // queue, so no machine is asked to delete what it has not yet received.
    private void Dispatch(PendingRequest request)
    {
        var order = request.Order;
        _requests[order.OpId] = request;
        if (order.Kind is OrderKind.Delete or OrderKind.MarkRead && order.LetterId is { } letterId && IsMidDelivery(letterId))
        {
            _deleteQueue.Add(letterId, order);
            request.Deferred = true;
            return;
        }

        request.Deferred = false;
        foreach (var sender in _senders.Values)
        {
            // Section 10.1: a delete for a dead machine meets a pending delivery of the same letter in its catch-up
            // list and takes only that recipient out of it.
            if (sender.Dead && order.Kind == OrderKind.Delete && order.LetterId is { } id && _letters.TryGetValue(id, out var letter))
            {
                if (sender.AbsorbDelete(order, letter.Letter))
                {
                    request.NotFinished.Remove(sender.Machine);
                    continue;
                }
            }

            sender.Enqueue(order);
        }

        CompleteRequestIfDone(request);
    }

    private bool IsMidDelivery(string letterId)
        => _doYouHaveIt.Contains(letterId)
           || (_letters.TryGetValue(letterId, out var letter) && letter.NotFinished.Any(m => !_caretaker.IsDead(m)));

    public async Task<int> RushOrder(string machine, string user, TimeSpan wait)
    {
        ThrowIfDeposed();
        await TakenOverAsync();
        var sender = _senders.GetValueOrDefault(machine) ?? throw new ArgumentException($"unknown machine '{machine}'");

        var rushed = _letters.Values.Where(l => l.IsFor(user) && !l.GotIt.Contains(machine) && l.NotFinished.Contains(machine)).ToList();
        if (rushed.Count > 0)
        {
            var ids = rushed.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            sender.Promote(o => o.LetterId is { } id && ids.Contains(id) && o.Kind is OrderKind.Deliver or OrderKind.MarkValid);
            await Task.WhenAny(Task.WhenAll(rushed.Select(l => l.WhenGotIt(machine))), Task.Delay(wait, _time, _silo.Stopping));
        }

        // What the machine still lacks: letters not yet there, and letters whose body waits on the DoYouHaveIt list.
        return rushed.Count(l => !l.GotIt.Contains(machine) && l.NotFinished.Contains(machine))
               + _doYouHaveIt.CountFor(user);
    }

    public Task Finished(long epoch, string machine, IReadOnlyList<string> opIds)
    {
        // "Finished" is a fact about the machine's own store, whichever Master it was reported to first: a report
        // stamped with an older epoch (the view changed while it travelled) counts all the same.
        if (!_deposed)
        {
            OnFinished(machine, opIds);
        }

        return Task.CompletedTask;
    }

    public Task<MasterStatus> Status()
    {
        ThrowIfDeposed();
        var machines = _options.Machines.Select(StatusOf).ToList();
        var deferred = _deleteQueue.Count;
        return Task.FromResult(new MasterStatus(
            _view.Master,
            _view.Lieutenant,
            _view.Epoch,
            machines,
            _letters.Count + _doYouHaveIt.Count,
            _requests.Count - deferred,
            deferred,
            _doYouHaveIt.Ids,
            LiveWork(),
            NotAcknowledging()));
    }

    private int LiveWork()
        => _letters.Values.Count(l => l.NotFinished.Any(m => !_caretaker.IsDead(m)))
           + _requests.Values.Count(r => r.Deferred || r.NotFinished.Any(m => !_caretaker.IsDead(m)))
           + _doYouHaveIt.Count
           + _senders.Values.Where(s => !s.Dead).Sum(s => s.Count);

    private void ThrowIfDeposed()
    {
        if (_deposed)
        {
            throw new NotMasterException($"{Machine} is no longer Master");
        }
    }

    // Every change of the cluster's life goes to the operators' log, signed "Master MD1" so that it is never taken
    // for the same machine's Lieutenant.
    private void Note(ClusterEventKind kind, string subject, string text, long? count = null)
        => _events.Publish($"Master {Machine}", kind, subject, _view?.Epoch ?? 0, text, count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} is Master (epoch {Epoch}); its Lieutenant: {Lieutenant}; re-issued {Letters} letters")]
    private partial void LogMasterActive(string machine, long epoch, string lieutenant, int letters);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Master cannot reach {Machine}: {Reason}")]
    private partial void LogUnreachable(string machine, string reason);
}

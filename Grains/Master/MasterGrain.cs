using Maildriver.Grains.Common;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Lieutenant;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;
using Maildriver.Runtime;
using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master (paper sections 6, 7.2, 8, 9 and the appendix's MASTER): the one place that orders replication.
/// It is reentrant, like the paper's signal-driven message handler: acknowledgements arrive as calls while
/// Senders pump, and all state changes happen between awaits on the activation's single-threaded scheduler.
/// </summary>
[Reentrant]
[KeepAlive]
public sealed partial class MasterGrain : Grain, IMasterGrain
{
    private readonly MailStore _store;
    private readonly MaildriverOptions _options;
    private readonly ILogger<MasterGrain> _logger;
    private readonly Dictionary<string, PendingLetter> _letters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _bySubmission = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Order>> _deleteQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sender> _senders = new(StringComparer.Ordinal);
    private readonly GroupCommit<Letter, string> _submissions;
    private readonly GroupCommit<Order, bool> _recordings;
    private readonly GroupCommit<string, bool> _forgets;
    private ClusterView _view = null!;
    private long _seq;

    public MasterGrain(MailStore store, MaildriverOptions options, ILogger<MasterGrain> logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _submissions = new GroupCommit<Letter, string>(StoreLettersAsync, maxBatch: 512);
        _recordings = new GroupCommit<Order, bool>(RecordRequestsAsync, maxBatch: 512);
        _forgets = new GroupCommit<string, bool>(ForgetAsync, maxBatch: 2048);
    }

    private string Machine => GetPrimaryKeyString();

    private ILieutenantGrain LieutenantGrain => GrainFactory.GetGrain<ILieutenantGrain>(_view.Lieutenant);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _view = await GrainFactory.GetGrain<IReplicaGrain>(Machine).GetView();
        if (_view.Master != Machine)
        {
            throw new NotMasterException($"{Machine} does not hold mastership; {_view.Master} does (epoch {_view.Epoch})");
        }

        foreach (var machine in _options.Machines)
        {
            _senders[machine] = new Sender(
                machine,
                GrainFactory.GetGrain<IReplicaGrain>(machine),
                () => _view.Epoch,
                OnApplied,
                OnUnreachable,
                TimeProvider,
                _options.PulseInterval);
        }

        // Letters this machine stored as Master before a restart of the whole cluster: re-issue them; repeats are harmless.
        foreach (var letter in await _store.GetMasterLettersAsync(cancellationToken))
        {
            StartDelivery(letter);
        }

        LogMasterActive(Machine, _view.Epoch, _view.Lieutenant, _letters.Count);
        _ = BootstrapAdminAsync();
    }

    public async Task<IReadOnlyList<string>> Submit(IReadOnlyList<Letter> letters)
    {
        var ids = letters.Select(l => _submissions.Enqueue(l)).ToList();
        return await Task.WhenAll(ids);
    }

    // One batch of new letters: the Master directory write and the Lieutenant's record, each once per batch.
    private async Task<IReadOnlyList<string>> StoreLettersAsync(IReadOnlyList<Letter> batch)
    {
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

            if (await _store.FindDeliveredLetterIdBySubmissionAsync(key) is { } stored)
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
            await _store.SaveMasterLettersAsync(fresh);
            await LieutenantGrain.Record(_view.Epoch, fresh.Select(l => LieutenantRecords.ForLetter(l.Header, ++_seq)).ToList());
            foreach (var letter in fresh)
            {
                StartDelivery(letter);
            }
        }

        return ids;
    }

    private void StartDelivery(Letter letter)
    {
        var pending = new PendingLetter(letter, _options.Machines);
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

    public Task Record(IReadOnlyList<Order> requests)
        => Task.WhenAll(requests.Select(r => _recordings.Enqueue(r)));

    private async Task<IReadOnlyList<bool>> RecordRequestsAsync(IReadOnlyList<Order> batch)
    {
        var fresh = batch.Where(o => !_requests.ContainsKey(o.OpId)).DistinctBy(o => o.OpId).ToList();
        if (fresh.Count > 0)
        {
            await LieutenantGrain.Record(_view.Epoch, fresh.Select(o => LieutenantRecords.ForRequest(o, ++_seq)).ToList());
            foreach (var order in fresh)
            {
                Dispatch(order);
            }
        }

        return batch.Select(_ => true).ToList();
    }

    private void Dispatch(Order order)
    {
        // Section 9.1: a delete (or read flag) of a letter still mid-delivery waits in the Delete queue, so no
        // machine is asked to delete what it has not yet received.
        if (order.Kind is OrderKind.Delete or OrderKind.MarkRead && order.LetterId is { } letterId && _letters.ContainsKey(letterId))
        {
            if (!_deleteQueue.TryGetValue(letterId, out var queued))
            {
                _deleteQueue[letterId] = queued = [];
            }

            queued.Add(order);
            _requests[order.OpId] = new PendingRequest(order, []);
            return;
        }

        _requests[order.OpId] = new PendingRequest(order, _options.Machines);
        foreach (var sender in _senders.Values)
        {
            sender.Enqueue(order);
        }
    }

    public async Task<int> RushOrder(string machine, string user, TimeSpan wait)
    {
        if (!_senders.TryGetValue(machine, out var sender))
        {
            throw new ArgumentException($"unknown machine '{machine}'");
        }

        var rushed = _letters.Values.Where(l => l.IsFor(user) && !l.GotIt.Contains(machine) && l.NotFinished.Contains(machine)).ToList();
        if (rushed.Count == 0)
        {
            return 0;
        }

        var ids = rushed.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        sender.Promote(o => o.LetterId is { } id && ids.Contains(id) && o.Kind is OrderKind.Deliver or OrderKind.MarkValid);
        await Task.WhenAny(Task.WhenAll(rushed.Select(l => l.WhenGotIt(machine))), Task.Delay(wait, TimeProvider));
        return rushed.Count;
    }

    public Task Finished(long epoch, string machine, IReadOnlyList<string> opIds)
    {
        if (epoch == _view.Epoch)
        {
            OnFinished(machine, opIds);
        }

        return Task.CompletedTask;
    }

    public Task<MasterStatus> Status()
    {
        var machines = _options.Machines
            .Select(m => new MachineStatus(m, Up: true, CatchupPending: _senders[m].Count))
            .ToList();
        var deferred = _deleteQueue.Values.Sum(q => q.Count);
        return Task.FromResult(new MasterStatus(
            _view.Master,
            _view.Lieutenant,
            _view.Epoch,
            machines,
            _letters.Count,
            _requests.Count - deferred,
            deferred,
            []));
    }

    private void OnApplied(string machine, IReadOnlyList<Order> batch, ApplyResult result)
    {
        foreach (var id in result.GotIt)
        {
            if (_letters.TryGetValue(id, out var letter))
            {
                letter.MarkGotIt(machine);
            }
        }

        foreach (var id in result.Missing)
        {
            // The origin lost its bogus copy (it restarted): send it the whole letter like any other machine.
            if (_letters.TryGetValue(id, out var letter))
            {
                _senders[machine].EnqueueFront(new Order(id, OrderKind.Deliver, LetterId: id, Letter: letter.Letter));
            }
        }

        OnFinished(machine, result.Finished);
    }

    private void OnUnreachable(string machine, Exception error) => LogUnreachable(machine, error.Message);

    private void OnFinished(string machine, IReadOnlyList<string> opIds)
    {
        foreach (var id in opIds)
        {
            if (_letters.TryGetValue(id, out var letter))
            {
                letter.MarkGotIt(machine);
                letter.NotFinished.Remove(machine);
                if (letter.NotFinished.Count == 0)
                {
                    CompleteLetter(letter);
                }
            }
            else if (_requests.TryGetValue(id, out var request) && request.NotFinished.Remove(machine) && request.NotFinished.Count == 0)
            {
                _requests.Remove(id);
                _ = _forgets.Enqueue(id);
            }
        }
    }

    private void CompleteLetter(PendingLetter letter)
    {
        _letters.Remove(letter.Id);
        _bySubmission.Remove(letter.Letter.Header.SubmissionKey);
        letter.ReleaseWaiters();
        _ = _forgets.Enqueue(letter.Id);
        if (_deleteQueue.Remove(letter.Id, out var deferred))
        {
            foreach (var order in deferred)
            {
                _requests.Remove(order.OpId);
                Dispatch(order);
            }
        }
    }

    // "Forget it" to the Lieutenant and the copy out of the Master directory, batched.
    private async Task<IReadOnlyList<bool>> ForgetAsync(IReadOnlyList<string> opIds)
    {
        try
        {
            await LieutenantGrain.Forget(_view.Epoch, opIds);
            await _store.DeleteMasterLettersAsync(opIds.ToList());
        }
        catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException)
        {
            // A Lieutenant that cannot hear "forget it" only keeps a few records too many: a repeat is harmless.
            LogUnreachable(_view.Lieutenant, ex.Message);
        }

        return opIds.Select(_ => true).ToList();
    }

    private async Task BootstrapAdminAsync()
    {
        var password = Environment.GetEnvironmentVariable("MAILDRIVER_ADMIN_PASSWORD");
        if (await _store.CountUsersAsync() > 0 || _requests.Values.Any(r => r.Order.Kind == OrderKind.AddUser))
        {
            return;
        }

        if (string.IsNullOrEmpty(password))
        {
            LogNoAdminPassword(Machine);
            return;
        }

        var admin = new MailUser("admin", PasswordHasher.Hash(password, _options.PasswordIterations), IsAdmin: true);
        var order = new Order($"user+:admin:{_view.Epoch}.bootstrap", OrderKind.AddUser, UserRecord: admin);

        // At a cold start the Lieutenant's machine may not be up yet: keep trying, as a Sender does.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Record([order]);
                LogAdminCreated(Machine);
                return;
            }
            catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException && attempt < 600)
            {
                await Task.Delay(_options.PulseInterval, TimeProvider);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} is Master (epoch {Epoch}, Lieutenant {Lieutenant}); re-issued {Letters} letters")]
    private partial void LogMasterActive(string machine, long epoch, string lieutenant, int letters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Master cannot reach {Machine}: {Reason}")]
    private partial void LogUnreachable(string machine, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine}: the cluster has no users and MAILDRIVER_ADMIN_PASSWORD is not set; no admin created")]
    private partial void LogNoAdminPassword(string machine);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine}: created the user 'admin' from MAILDRIVER_ADMIN_PASSWORD")]
    private partial void LogAdminCreated(string machine);
}

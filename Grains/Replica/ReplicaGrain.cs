using Maildriver.Grains.Common;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Lieutenant;
using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Telemetry;

using Microsoft.Extensions.Logging;

using Orleans.Concurrency;

namespace Maildriver.Grains.Replica;

/// <summary>
/// A machine's replica: the paper's Delivery and Pulse processes. The WorkSpace is the store's protoletter table;
/// delivery turns valid protoletters into one letter row plus one inbox row per recipient, in one transaction,
/// then reports "finished" to the Master. Everything is group-committed, so a burst of letters costs a few
/// transactions, not one each.
/// </summary>
// Reentrant: deliveries, accepts and pulses await the disk and the Master; a pulse must be answered while a big
// delivery is being written, or the Lieutenant would think the machine dead. State changes only between awaits.
[Reentrant]
[KeepAlive]
// Pinned to the machine its key names: its state is that machine's disk.
[MachinePlacement]
public sealed partial class ReplicaGrain : Grain, IReplicaGrain
{
    private const int DeliveryBatch = 64;

    // A snapshot travels in chunks small enough for one call each.
    private const int SnapshotChunkBytes = 1 << 20;
    private readonly MailStore _store;
    private readonly MaildriverOptions _options;
    private readonly ILogger<ReplicaGrain> _logger;
    private readonly SiloFailFast _failFast;
    private readonly SnapshotShelf _shelf;
    private readonly SiloReadiness _readiness;
    private readonly StoredView _views;
    private readonly SiloIdentity _silo;
    private readonly TimeProvider _time;
    private readonly GroupCommit<Letter, bool> _bogusWrites;
    private readonly GroupCommit<Letter, string> _handOver;
    private readonly List<string> _finishedToReport = [];
    private TaskCompletionSource _workspaceChanged = NewSignal();
    private ClusterView _view = null!;
    private Task? _starting;
    private bool _delivering;
    private bool _deliverAgain;
    private bool _reporting;
    private bool _mastershipGranted;
    private bool _takeOverPending;
    private bool _masterRunning;
    private bool _rebuilding;
    private long _lastIdMicros;

    public ReplicaGrain(
        MailStore store,
        MaildriverOptions options,
        SiloFailFast failFast,
        SnapshotShelf shelf,
        SiloReadiness readiness,
        SiloIdentity silo,
        TimeProvider time,
        [PersistentState(StoredView.StateName, StoredView.StorageName)] IPersistentState<ViewState> view,
        MaildriverMetrics metrics,
        ILogger<ReplicaGrain> logger)
    {
        _views = new StoredView(view, store, metrics);
        _silo = silo;
        _time = time;
        _store = store;
        _failFast = failFast;
        _shelf = shelf;
        _readiness = readiness;
        _options = options;
        _logger = logger;
        _bogusWrites = new GroupCommit<Letter, bool>(WriteBogusAsync);
        _handOver = new GroupCommit<Letter, string>(HandToMasterAsync, maxBatch: 256);
    }

    private string Machine => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        MachineActivation.EnsureLocal(Machine, _silo.Name);
        _view = await _views.ReadAsync(cancellationToken)
                ?? new ClusterView(1, _options.InitialMaster, _options.InitialLieutenant);
    }

    public Task Start() => _starting ??= StartCoreAsync();

    private async Task StartCoreAsync()
    {
        // An empty store (a new machine, or one whose disk was lost) and a restored one have the same need: to be
        // rebuilt from the others before they serve anyone. The flag is stored so a crash mid-rebuild resumes it.
        var fresh = !_views.Exists;
        if (fresh)
        {
            await _store.SetRebuildPendingAsync(true);
            await _views.WriteAsync(_view);
        }

        var rebuild = await _store.GetRebuildPendingAsync();

        // A store about to be replaced delivers nothing and takes no orders: what it did would be overwritten, and
        // a "finished" it reported would speak for mail the machine is about to lose.
        _rebuilding = rebuild;

        // Rebirth, section 10.2: a bogus protoletter was half received when the machine died; drop it. Valid ones
        // show exactly who still needs the letter, so delivery simply resumes.
        var dropped = await _store.DropBogusAsync();
        LogReborn(Machine, dropped, _view.Master, _view.Epoch);
        KickDelivery();
        _ = JoinClusterAsync(fresh, rebuild);
    }

    // "I'm here! I'm here! So who's the Master these days, anyway?" Learn the newest view from the others, then
    // announce ourselves to its Master, which catches us up. A machine that restarts never resumes a rank by
    // itself: a restarted Master asks its Lieutenant to take over (its own state is gone); only the first start of
    // a new cluster makes the initial Master. A machine to be rebuilt copies the Master's machine first.
    private async Task JoinClusterAsync(bool fresh, bool rebuild)
    {
        using var notReady = rebuild ? _readiness.HoldBack($"{Machine} is being rebuilt from the other machines") : null;
        while (true)
        {
            try
            {
                await RefreshViewAsync();
                if (_view.Master == Machine)
                {
                    if ((fresh && _view.Epoch == 1) || _options.Machines.Count == 1)
                    {
                        // The first start of a new cluster: there is nothing to rebuild from.
                        await FinishRebuildAsync(notReady);
                        _mastershipGranted = true;
                        await GrainFactory.GetGrain<IMasterGrain>(Machine).Status();
                        return;
                    }

                    if (_mastershipGranted)
                    {
                        // Made Master while waiting (a takeover after a restore of the whole cluster): its own store
                        // is now the cluster's record.
                        await FinishRebuildAsync(notReady);
                        return;
                    }

                    // Its Lieutenant takes over; a Master that had none takes over again from the records it kept.
                    await GrainFactory.GetGrain<ILieutenantGrain>(_view.Lieutenant ?? Machine).MasterDied(_view.Epoch, Machine);
                }
                else
                {
                    if (rebuild)
                    {
                        await RebuildFromAsync(_view.Master);
                        rebuild = false;
                        await FinishRebuildAsync(notReady);
                    }

                    var view = await GrainFactory.GetGrain<IMasterGrain>(_view.Master).Hello(Machine);
                    await AdoptView(view);
                    await _store.ClearMasterRecordsAsync();
                    if (_view.Lieutenant == Machine)
                    {
                        await GrainFactory.GetGrain<ILieutenantGrain>(Machine).PendingCount();
                    }
                    else
                    {
                        await _store.ClearLieutenantRecordsAsync();
                    }

                    LogJoined(Machine, _view.Master, _view.Epoch);
                    return;
                }
            }
            catch (Exception ex) when (Unreachable.Is(ex) || ex is NotMasterException or StaleEpochException)
            {
                // The Master is unreachable or changing: ask again shortly.
            }
            catch (Exception ex) when (rebuild && !_silo.Stopping.IsCancellationRequested)
            {
                // A rebuild that failed part-way (its source died, a snapshot arrived damaged) starts over: the
                // import is all-or-nothing and the Master restarts the catch-up list each time.
                LogRebuildFailed(Machine, ex);
            }

            await Task.Delay(_options.PulseInterval, _time, _silo.Stopping);
        }
    }

    // Copies a snapshot of the machine the Master names, chunk by chunk, then replaces this store with it. Orders
    // are refused meanwhile (the Master's Sender keeps them), so nothing lands in a store about to be replaced.
    private async Task RebuildFromAsync(string master)
    {
        var source = await GrainFactory.GetGrain<IMasterGrain>(master).BeginRebuild(Machine);
        LogRebuilding(Machine, source);
        var replica = GrainFactory.GetGrain<IReplicaGrain>(source);
        var handle = await replica.OpenSnapshot();
        var incoming = _shelf.IncomingPath();
        try
        {
            await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                for (long offset = 0; offset < handle.Length;)
                {
                    var chunk = await replica.ReadSnapshot(handle.Id, offset, SnapshotChunkBytes);
                    if (chunk.Length == 0)
                    {
                        throw new InvalidDataException($"the snapshot from {source} ended at {offset} of {handle.Length} bytes");
                    }

                    await file.WriteAsync(chunk, _silo.Stopping);
                    offset += chunk.Length;
                }

                await file.FlushAsync(_silo.Stopping);
                file.Position = 0;
                var info = await _store.ImportSnapshotAsync(file, _silo.Stopping);
                LogRebuilt(Machine, source, info.Letters, info.Users, handle.Length);
            }
        }
        finally
        {
            File.Delete(incoming);
            _ = CloseQuietlyAsync(replica, handle.Id);
        }
    }

    private async Task FinishRebuildAsync(IDisposable? notReady)
    {
        if (notReady is null)
        {
            return;
        }

        await _store.SetRebuildPendingAsync(false);
        _rebuilding = false;
        notReady.Dispose();
        SignalWorkspace();
        KickDelivery();
    }

    private static async Task CloseQuietlyAsync(IReplicaGrain replica, string snapshotId)
    {
        try
        {
            await replica.CloseSnapshot(snapshotId);
        }
        catch (Exception)
        {
            // The source deletes a snapshot left unread by itself.
        }
    }

    /// <summary>Asks every other machine for its view and adopts the newest.</summary>
    private async Task RefreshViewAsync()
    {
        var others = _options.Machines.Where(m => m != Machine).Select(async m =>
        {
            try
            {
                return await GrainFactory.GetGrain<IReplicaGrain>(m).GetView().WaitAsync(_options.NoPulseTimeout, _time);
            }
            catch (Exception)
            {
                return null;
            }
        });
        foreach (var view in await Task.WhenAll(others))
        {
            if (view is not null)
            {
                await AdoptView(view);
            }
        }
    }

    public async Task<string> Accept(Submission submission)
    {
        await Start();
        if (await _store.FindDeliveredLetterIdBySubmissionAsync(submission.SubmissionKey) is { } delivered)
        {
            return delivered;
        }

        // An earlier attempt of the same send left its protoletter here: hand that one over again (the Master
        // recognises the submission), never answer from the WorkSpace alone, since the Master may not have it.
        if (await _store.FindProtoletterBySubmissionAsync(submission.SubmissionKey) is { } earlier)
        {
            return await _handOver.Enqueue(earlier);
        }

        var header = new LetterHeader(
            NextLetterId(),
            submission.From,
            submission.To,
            submission.Subject,
            _time.GetUtcNow(),
            submission.SubmissionKey,
            System.Text.Encoding.UTF8.GetByteCount(submission.Body));
        var letter = new Letter(header, submission.Body);

        // Section 7.1: the protoletter is on this machine's disk, marked bogus, before the Master hears of it.
        await _bogusWrites.Enqueue(letter);
        var id = await _handOver.Enqueue(letter);
        if (id != header.Id)
        {
            // The Master already had this submission (a client retry through another gateway): ours is redundant.
            await _store.DropProtoletterAsync(header.Id);
            SignalWorkspace();
        }

        return id;
    }

    private async Task<IReadOnlyList<bool>> WriteBogusAsync(IReadOnlyList<Letter> letters)
    {
        await _store.InsertBogusAsync(letters);
        return letters.Select(_ => true).ToList();
    }

    // While the Master is changing it may be unreachable or no longer Master: keep asking the newest one we know of
    // (repeats are harmless: the Master recognises the submission) until the deadline.
    private async Task<IReadOnlyList<string>> HandToMasterAsync(IReadOnlyList<Letter> letters)
    {
        var deadline = _time.GetUtcNow() + (_options.NoPulseTimeout * 8) + TimeSpan.FromSeconds(5);
        while (true)
        {
            try
            {
                return await GrainFactory.GetGrain<IMasterGrain>(_view.Master).Submit(letters);
            }
            catch (Exception ex) when ((Unreachable.Is(ex) || ex is NotMasterException) && _time.GetUtcNow() < deadline)
            {
                await Task.Delay(_options.PulseInterval, _time, _silo.Stopping);
                await RefreshViewAsync();
            }
        }
    }

    public async Task<ApplyResult> Apply(ClusterView view, IReadOnlyList<Order> orders)
    {
        await Start();
        // Fencing: refuse a deposed Master. The same Master with an older stamp is only its own appointment of a
        // Lieutenant overtaking its orders in flight, not a rival.
        if (_view.Supersedes(view) && _view.Master != view.Master)
        {
            throw new StaleEpochException($"{Machine} is at epoch {_view.Epoch} (Master {_view.Master}); refusing orders of epoch {view.Epoch} from {view.Master}");
        }

        await AdoptView(view);
        if (_rebuilding)
        {
            // The Master's Sender keeps the orders and tries again: they belong after the snapshot being copied.
            throw new InvalidOperationException($"{Machine} is being rebuilt from a snapshot; its orders wait in its catch-up list");
        }

        ApplyResult result;
        try
        {
            result = await _store.ApplyOrdersAsync(orders);
        }
        catch (System.Data.Common.DbException ex)
        {
            // Section 12: the store failed under us mid-protocol; stop the machine rather than guess what was
            // written. The transaction rolled back, so after a restart the Master simply sends the batch again.
            _failFast.Crash($"{Machine} could not store {orders.Count} orders from the Master: {ex.Message}");
            throw;
        }

        if (result.GotIt.Count > 0)
        {
            KickDelivery();
        }

        SignalWorkspace();
        return result;
    }

    public async Task ApplyLocal(IReadOnlyList<Order> orders)
    {
        await _store.ApplyOrdersAsync(orders);
        SignalWorkspace();
    }

    public async Task<bool> AwaitWorkSpace(string user, TimeSpan wait)
    {
        var deadline = _time.GetUtcNow() + wait;
        while (true)
        {
            // Take the signal before reading the store: a protoletter that changes while the query runs (other turns
            // interleave with this one) must wake the wait below, not be missed until the deadline.
            var changed = _workspaceChanged.Task;

            // The RTCBACIL list: every protoletter that still names this user.
            var rtcbacil = await _store.FindProtolettersForUserAsync(user);
            if (rtcbacil.Count == 0)
            {
                return true;
            }

            if (rtcbacil.Any(p => p.State == ProtoletterState.Valid))
            {
                // Where the paper's Server process delivers the letter itself, we hurry the delivery loop.
                KickDelivery();
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(changed, Task.Delay(remaining, _time));
        }
    }

    public Task<ClusterView> GetView() => Task.FromResult(_view);

    public Task<IReadOnlyList<string>> FilterDelivered(IReadOnlyList<LetterHeader> headers) => _store.FilterDeliveredAsync(headers);

    public Task<SnapshotHandle> OpenSnapshot() => _shelf.OpenAsync(file => _store.ExportSnapshotAsync(file, Machine));

    public Task<byte[]> ReadSnapshot(string snapshotId, long offset, int count)
        => _shelf.ReadAsync(snapshotId, offset, Math.Min(count, SnapshotChunkBytes));

    public Task CloseSnapshot(string snapshotId)
    {
        _shelf.Close(snapshotId);
        return Task.CompletedTask;
    }

    public Task<PulseReply> Pulse() => Task.FromResult(new PulseReply(_view, _masterRunning && _view.Master == Machine));

    public async Task AdoptView(ClusterView view)
    {
        if (!view.Supersedes(_view))
        {
            return;
        }

        _view = view;
        if (view.Master != Machine)
        {
            _mastershipGranted = false;
            _masterRunning = false;
        }

        await _views.WriteAsync(view);
    }

    public async Task GrantMastership(ClusterView view)
    {
        if (view.Master != Machine || !view.Supersedes(_view))
        {
            throw new StaleEpochException($"{Machine} cannot become Master of epoch {view.Epoch}: it is at epoch {_view.Epoch}");
        }

        _view = view;
        _mastershipGranted = true;
        _takeOverPending = true;
        await _views.WriteAsync(view);
    }

    public Task MasterStopped()
    {
        // A Master that stepped down lost nothing to the others (the Lieutenant holds its records), but its state here
        // is gone: it must not come back by a stray call; only a takeover or a change of master grants it again.
        _mastershipGranted = false;
        _takeOverPending = false;
        _masterRunning = false;
        return Task.CompletedTask;
    }

    public Task<Mastership> ConfirmMastership()
    {
        if (_view.Master != Machine)
        {
            throw new NotMasterException($"{Machine} is not Master; {_view.Master} is (epoch {_view.Epoch})");
        }

        if (!_mastershipGranted)
        {
            // The view still names this machine, but its Master's state is gone: it restarted or stepped down, and
            // only a takeover or a change of master makes it Master again.
            throw new NotMasterException($"{Machine} was Master of epoch {_view.Epoch} but restarted or stepped down; a takeover names the next Master");
        }

        _masterRunning = true;

        // Every grant is followed by a TakeOver call with the records; the first activation after it waits for them.
        var pending = _takeOverPending;
        _takeOverPending = false;
        return Task.FromResult(new Mastership(_view, pending));
    }

    public Task<Letter?> FindLetter(string letterId) => _store.FindLetterAsync(letterId);

    public Task<ReplicaDigest> Digest() => _store.ComputeDigestAsync(Machine);

    public async Task<ReplicaStats> Stats()
    {
        var s = await _store.GetStatsAsync();
        return new ReplicaStats(Machine, s.Users, s.Letters, s.LetterBytes, s.InboxEntries, s.Protoletters);
    }

    private void KickDelivery()
    {
        if (_rebuilding)
        {
            return;
        }

        if (_delivering)
        {
            _deliverAgain = true;
            return;
        }

        _delivering = true;
        _ = DeliveryLoopAsync();
    }

    // The Delivery process: valid protoletters become inbox rows, a batch per transaction, and the Master hears
    // "finished" for each.
    private async Task DeliveryLoopAsync()
    {
        try
        {
            do
            {
                _deliverAgain = false;
                while (true)
                {
                    var batch = await _store.GetValidProtolettersAsync(DeliveryBatch);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    var delivered = await _store.DeliverAsync(batch.Select(p => p.Letter.Header.Id).ToList());
                    SignalWorkspace();
                    ReportFinished(delivered);
                }
            }
            while (_deliverAgain);
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(Machine, ex);

            // Delivery is one transaction per batch, so the WorkSpace still shows exactly what is undelivered; a
            // restart resumes it. Carrying on in a state we cannot explain is what the paper forbids.
            _failFast.Crash($"{Machine}: delivery failed: {ex.Message}");
        }
        finally
        {
            _delivering = false;
        }
    }

    private void ReportFinished(IReadOnlyList<string> letterIds)
    {
        _finishedToReport.AddRange(letterIds);
        if (_reporting || _finishedToReport.Count == 0)
        {
            return;
        }

        _reporting = true;
        _ = ReportLoopAsync();
    }

    private async Task ReportLoopAsync()
    {
        try
        {
            while (_finishedToReport.Count > 0)
            {
                var view = _view;
                var ids = _finishedToReport.ToList();
                _finishedToReport.Clear();
                try
                {
                    await GrainFactory.GetGrain<IMasterGrain>(view.Master).Finished(view.Epoch, Machine, ids);
                }
                catch (Exception ex) when (Unreachable.Is(ex) || ex is NotMasterException)
                {
                    // A new Master re-issues what is unfinished and hears "finished" from the repeat; until the
                    // view changes, keep trying the one we know.
                    if (_view.Epoch == view.Epoch)
                    {
                        _finishedToReport.InsertRange(0, ids);
                        await Task.Delay(_options.PulseInterval, _time, _silo.Stopping);
                    }
                }
            }
        }
        finally
        {
            _reporting = false;
        }
    }

    private void SignalWorkspace()
    {
        var previous = _workspaceChanged;
        _workspaceChanged = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string NextLetterId()
    {
        var micros = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        _lastIdMicros = Math.Max(_lastIdMicros + 1, micros);
        return $"{Machine}.{_lastIdMicros}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} reborn: dropped {Dropped} bogus protoletters; Master is {Master} (epoch {Epoch})")]
    private partial void LogReborn(string machine, int dropped, string master, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} joined: Master is {Master} (epoch {Epoch})")]
    private partial void LogJoined(string machine, string master, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} is being rebuilt from a snapshot of {Source}")]
    private partial void LogRebuilding(string machine, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} rebuilt from {Source}: {Letters} letters, {Users} users ({Bytes} bytes of snapshot)")]
    private partial void LogRebuilt(string machine, string source, long letters, long users, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine}: the rebuild failed part-way; starting it over")]
    private partial void LogRebuildFailed(string machine, Exception error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Machine}: delivery failed")]
    private partial void LogDeliveryFailed(string machine, Exception error);
}

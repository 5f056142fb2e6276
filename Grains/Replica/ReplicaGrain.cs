using Maildriver.Clustering.Placement;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Telemetry;

using Microsoft.Extensions.Logging;

using Orleans.Concurrency;

namespace Maildriver.Grains.Replica;

/// <summary>
/// A machine's replica (section 5): its WorkSpace and inboxes, and the processes every machine runs. Each is a
/// type of its own, owned by this activation: <see cref="Rebirth"/> and <see cref="Rebuild"/> when the machine
/// comes up, <see cref="LetterAcceptance"/> for "send letter", <see cref="OrderTaker"/> for the Master's orders,
/// <see cref="Delivery"/>, the <see cref="Rtcbacil"/> wait of "receive mail", and the <see cref="Pulse"/>. The
/// grain itself keeps the machine's view of who is Master (<see cref="MachineView"/>).
/// </summary>
// Reentrant: deliveries, accepts and pulses await the disk and the Master; a pulse must be answered while a big
// delivery is being written, or the Lieutenant would think the machine dead. State changes only between awaits.
[Reentrant]
[KeepAlive]
// Pinned to the machine its key names: its state is that machine's disk.
[MachinePlacement]
public sealed class ReplicaGrain : Grain, IReplicaGrain
{
    private readonly MailStore _store;
    private readonly SnapshotShelf _shelf;
    private readonly SiloIdentity _silo;
    private readonly MachineView _view;
    private readonly Rebirth _rebirth;
    private readonly LetterAcceptance _acceptance;
    private readonly OrderTaker _orders;
    private readonly Rtcbacil _rtcbacil;
    private readonly Pulse _pulse;

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
        _store = store;
        _shelf = shelf;
        _silo = silo;
        var replica = new ReplicaContext(this.GetPrimaryKeyString(), GrainFactory, store, options, time, silo);
        var workSpace = new WorkSpaceSignal();
        var rebuild = new Rebuild(replica, shelf, logger);
        _view = new MachineView(replica, new StoredView(view, store, metrics));
        var delivery = new Delivery(replica, _view, workSpace, () => rebuild.Pending, failFast, logger);
        _rebirth = new Rebirth(replica, _view, rebuild, delivery, workSpace, readiness, logger);
        _acceptance = new LetterAcceptance(replica, _view, workSpace);
        _orders = new OrderTaker(replica, _view, rebuild, delivery, workSpace, failFast);
        _rtcbacil = new Rtcbacil(replica, workSpace, delivery);
        _pulse = new Pulse(_view);
    }

    private string Machine => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        MachineActivation.EnsureLocal(Machine, _silo.Name);
        await _view.LoadAsync(cancellationToken);
    }

    public Task Start() => _rebirth.StartAsync();

    public async Task<string> Accept(Submission submission)
    {
        await Start();
        return await _acceptance.AcceptAsync(submission);
    }

    public async Task<ApplyResult> Apply(ClusterView view, IReadOnlyList<Order> orders)
    {
        await Start();
        return await _orders.ApplyAsync(view, orders);
    }

    public Task ApplyLocal(IReadOnlyList<Order> orders) => _orders.ApplyLocalAsync(orders);

    public Task<bool> AwaitWorkSpace(string user, TimeSpan wait) => _rtcbacil.AwaitAsync(user, wait);

    public Task<PulseReply> Pulse() => Task.FromResult(_pulse.Answer());

    public Task<ClusterView> GetView() => Task.FromResult(_view.Current);

    public Task AdoptView(ClusterView view) => _view.AdoptAsync(view);

    public Task GrantMastership(ClusterView view) => _view.GrantMastershipAsync(view);

    public Task MasterStopped()
    {
        _view.MasterStopped();
        return Task.CompletedTask;
    }

    public Task<Mastership> ConfirmMastership() => Task.FromResult(_view.ConfirmMastership());

    public Task<IReadOnlyList<string>> FilterDelivered(IReadOnlyList<LetterHeader> headers) => _store.Letters.FilterDeliveredAsync(headers);

    public Task<SnapshotHandle> OpenSnapshot() => _shelf.OpenAsync(file => _store.ExportSnapshotAsync(file, Machine));

    public Task<byte[]> ReadSnapshot(string snapshotId, long offset, int count)
        => _shelf.ReadAsync(snapshotId, offset, Math.Min(count, Rebuild.ChunkBytes));

    public Task CloseSnapshot(string snapshotId)
    {
        _shelf.Close(snapshotId);
        return Task.CompletedTask;
    }

    public Task<Letter?> FindLetter(string letterId) => _store.Letters.FindLetterAsync(letterId);

    public Task<ReplicaDigest> Digest() => _store.ComputeDigestAsync(Machine);

    public async Task<ReplicaStats> Stats()
    {
        var s = await _store.GetStatsAsync();
        return new ReplicaStats(Machine, s.Users, s.Letters, s.LetterBytes, s.InboxEntries, s.Protoletters);
    }
}

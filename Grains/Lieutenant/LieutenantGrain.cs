using Maildriver.Grains.Common;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Storage;
using Maildriver.Runtime;

namespace Maildriver.Grains.Lieutenant;

/// <summary>
/// The Lieutenant (sections 7.4 and 11, the appendix's LIEUTENANT): it writes down every request the Master
/// starts and forgets it when the Master says it is done, so that at any moment it holds exactly the unfinished
/// requests a new Master would have to re-issue. Writes are group-committed.
/// </summary>
[Reentrant]
[KeepAlive]
public sealed class LieutenantGrain : Grain, ILieutenantGrain
{
    private readonly MailStore _store;
    private readonly Dictionary<string, LieutenantRecord> _records = new(StringComparer.Ordinal);
    private readonly GroupCommit<LieutenantRecord, bool> _writes;
    private readonly GroupCommit<string, bool> _deletes;
    private ClusterView _view = null!;

    public LieutenantGrain(MailStore store)
    {
        _store = store;
        _writes = new GroupCommit<LieutenantRecord, bool>(WriteAsync, maxBatch: 2048);
        _deletes = new GroupCommit<string, bool>(DeleteAsync, maxBatch: 4096);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _view = await GrainFactory.GetGrain<IReplicaGrain>(GetPrimaryKeyString()).GetView();
        foreach (var r in await _store.GetLieutenantRecordsAsync(cancellationToken))
        {
            _records[r.OpId] = r;
        }
    }

    public async Task Record(long epoch, IReadOnlyList<LieutenantRecord> records)
    {
        CheckEpoch(epoch);
        await Task.WhenAll(records.Select(r => _writes.Enqueue(r)));
    }

    public async Task Forget(long epoch, IReadOnlyList<string> opIds)
    {
        CheckEpoch(epoch);
        await Task.WhenAll(opIds.Select(id => _deletes.Enqueue(id)));
    }

    public Task<int> PendingCount() => Task.FromResult(_records.Count);

    private void CheckEpoch(long epoch)
    {
        if (epoch < _view.Epoch)
        {
            throw new StaleEpochException($"Lieutenant {GetPrimaryKeyString()} is at epoch {_view.Epoch}; refusing epoch {epoch}");
        }
    }

    private async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<LieutenantRecord> batch)
    {
        await _store.SaveLieutenantRecordsAsync(batch);
        foreach (var r in batch)
        {
            _records[r.OpId] = r;
        }

        return batch.Select(_ => true).ToList();
    }

    private async Task<IReadOnlyList<bool>> DeleteAsync(IReadOnlyList<string> opIds)
    {
        await _store.DeleteLieutenantRecordsAsync(opIds.ToList());
        foreach (var id in opIds)
        {
            _records.Remove(id);
        }

        return opIds.Select(_ => true).ToList();
    }
}

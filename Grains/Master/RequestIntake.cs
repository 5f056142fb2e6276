using Maildriver.Grains.Common;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master's part of every request other than a letter (sections 9.1 and 9.3, the appendix's ProcessRequest):
/// "send request to Lieutenant; await 'Got it' from Lieutenant; send 'Got it' to server", then to every machine.
/// Requests that arrive together share one Lieutenant record; a request already under way is not made twice.
/// </summary>
internal sealed class RequestIntake
{
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly PendingRequests _requests;
    private readonly RequestDispatch _dispatch;
    private readonly LieutenantConnection _lieutenant;
    private readonly RequestOrder _order;
    private readonly GroupCommit<Order, bool> _recordings;

    /// <param name="master">The cluster's machines.</param>
    /// <param name="standing">Whether this Master still is one.</param>
    /// <param name="requests">The requests under way.</param>
    /// <param name="dispatch">Sends each new request to every machine.</param>
    /// <param name="lieutenant">Writes each new request down before it is acknowledged.</param>
    /// <param name="order">Numbers each new request.</param>
    public RequestIntake(MasterContext master, MasterStanding standing, PendingRequests requests, RequestDispatch dispatch, LieutenantConnection lieutenant, RequestOrder order)
    {
        _master = master;
        _standing = standing;
        _requests = requests;
        _dispatch = dispatch;
        _lieutenant = lieutenant;
        _order = order;
        _recordings = new GroupCommit<Order, bool>(RecordRequestsAsync, maxBatch: 512);
    }

    /// <summary>Takes <paramref name="requests"/>; completes once two machines hold them durably.</summary>
    public Task RecordAsync(IReadOnlyList<Order> requests) => Task.WhenAll(requests.Select(r => _recordings.Enqueue(r)));

    private async Task<IReadOnlyList<bool>> RecordRequestsAsync(IReadOnlyList<Order> batch)
    {
        var fresh = batch.Where(o => !_requests.Contains(o.OpId)).DistinctBy(o => o.OpId).ToList();
        if (fresh.Count > 0)
        {
            var seqs = fresh.Select(_ => _order.Next()).ToList();
            await _lieutenant.RecordAsync(fresh.Select((o, i) => LieutenantRecords.ForRequest(o, seqs[i])).ToList());
            _standing.ThrowIfDeposed(); // as for letters: a deposed Master acknowledges nothing it did not hand over
            for (var i = 0; i < fresh.Count; i++)
            {
                if (!_requests.Contains(fresh[i].OpId))
                {
                    _dispatch.Dispatch(new PendingRequest(fresh[i], _master.Options.Machines, seqs[i]));
                }
            }
        }

        return batch.Select(_ => true).ToList();
    }
}

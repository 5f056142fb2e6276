namespace Maildriver.Grains.Common;

/// <summary>
/// Group commit: items that arrive while a batch is being written wait and go together in the next batch, so
/// the cost of a transaction (an fsync, a round trip to the Lieutenant) is shared and the cost per item falls as
/// load rises. Under no load a batch is a single item and adds no delay. Used from grain code, it runs on the
/// activation's scheduler like any other grain continuation.
/// </summary>
/// <typeparam name="TItem">What is submitted.</typeparam>
/// <typeparam name="TResult">What each submitter gets back.</typeparam>
internal sealed class GroupCommit<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _commit;
    private readonly int _maxBatch;
    private List<(TItem Item, TaskCompletionSource<TResult> Done)> _pending = [];
    private bool _running;

    /// <param name="commit">Writes one batch and returns one result per item, in order.</param>
    /// <param name="maxBatch">The most items in one batch.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> commit, int maxBatch = 512)
    {
        _commit = commit;
        _maxBatch = maxBatch;
    }

    /// <summary>Items waiting for the next batch.</summary>
    public int Waiting => _pending.Count;

    /// <summary>Adds <paramref name="item"/> to the next batch; completes when that batch is committed.</summary>
    public Task<TResult> Enqueue(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add((item, done));
        if (!_running)
        {
            _running = true;
            _ = RunAsync();
        }

        return done.Task;
    }

    private async Task RunAsync()
    {
        try
        {
            // Let the callers already on their way join the first batch (the yield resumes on the caller's scheduler).
            await Task.Yield();
            while (_pending.Count > 0)
            {
                List<(TItem Item, TaskCompletionSource<TResult> Done)> batch;
                if (_pending.Count <= _maxBatch)
                {
                    batch = _pending;
                    _pending = [];
                }
                else
                {
                    batch = _pending.GetRange(0, _maxBatch);
                    _pending.RemoveRange(0, _maxBatch);
                }

                try
                {
                    var results = await _commit(batch.Select(b => b.Item).ToList());
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Done.TrySetResult(results[i]);
                    }
                }
                catch (Exception ex)
                {
                    foreach (var b in batch)
                    {
                        b.Done.TrySetException(ex);
                    }
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}

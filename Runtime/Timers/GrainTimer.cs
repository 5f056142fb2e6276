using Maildriver.Runtime.Diagnostics;
using Maildriver.Runtime.Activation;

namespace Maildriver.Runtime.Timers;

/// <summary>
/// A timer whose callback runs as a turn of its activation. It is re-armed only when the callback has finished,
/// so ticks never overlap, and it reads time from the silo's <see cref="TimeProvider"/> so tests can drive it.
/// Ticks do not count as activity: a grain kept busy only by its timers is still collected when idle.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _dueTime;
    private readonly TimeSpan _period;
    private readonly bool _interleave;
    private readonly CancellationTokenSource _cts = new();
    private ITimer? _timer;
    private volatile bool _disposed;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, bool interleave)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        _activation = activation;
        _callback = callback;
        _dueTime = dueTime;
        _period = period;
        _interleave = interleave;
    }

    public void Start()
    {
        if (!_disposed)
        {
            _timer = _activation.Silo.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnTick(), this, _dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTick()
    {
        if (_disposed)
        {
            return;
        }

        var request = GrainRequest.ForWork(_ => _callback(_cts.Token), _interleave);
        if (!_activation.TryEnqueue(request))
        {
            return;
        }

        request.Completion.ContinueWith(
            static (t, s) =>
            {
                var self = (GrainTimer)s!;
                if (t.IsFaulted)
                {
                    self._activation.Silo.Log.TimerFailed(self._activation.GrainId, t.Exception!.GetBaseException());
                }

                if (!self._disposed && self._period > TimeSpan.Zero && self._period != Timeout.InfiniteTimeSpan)
                {
                    self._timer?.Change(self._period, Timeout.InfiniteTimeSpan);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer?.Dispose();
        _cts.Cancel();
        _cts.Dispose();
        _activation.RemoveTimer(this);
    }
}

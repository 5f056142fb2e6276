using Maildriver.Runtime.Diagnostics;
using Maildriver.Runtime.Hosting;
using Maildriver.Runtime.Invocation;
using Maildriver.Runtime.Scheduling;
using Maildriver.Runtime.Timers;
using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Activation;

/// <summary>
/// One activation of a grain on this silo: its instance, its scheduler and its turn discipline. A call that does
/// not interleave waits until the call in progress has finished (not merely yielded), as in Orleans; a call that
/// would have to wait on a grain already waiting upstream of it fails at once with <see cref="DeadlockException"/>.
/// </summary>
internal sealed class ActivationData
{
    private readonly Lock _lock = new();
    private readonly Queue<GrainRequest> _waiting = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly ActivationTaskScheduler _scheduler = new();
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _selfInChain;
    private ActivationState _state = ActivationState.Activating;
    private object? _grain;
    private bool _busy;
    private int _interleaving;
    private bool _deactivateRequested;
    private DeactivationReason _requestedReason = DeactivationReason.Requested;
    private long _lastActivity;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, SiloRuntime silo)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        Silo = silo;
        _selfInChain = grainId.ToString();
        _lastActivity = silo.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public GrainClassInfo GrainClass { get; }

    public SiloRuntime Silo { get; }

    public ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes when this activation is gone, so a caller that met it deactivating can retry.</summary>
    public Task Gone => _gone.Task;

    /// <summary>Creates the grain instance, loads its state and runs OnActivateAsync as the first turn.</summary>
    public void Activate() => _scheduler.RunOrQueue(new Task<Task>(static s => ((ActivationData)s!).ActivateAsync(), this));

    /// <summary>
    /// Accepts a request, starting it now if the turn discipline allows. Returns false when this activation is
    /// deactivating or gone, so the catalog routes the request to a new one.
    /// </summary>
    public bool TryEnqueue(GrainRequest request)
    {
        lock (_lock)
        {
            switch (_state)
            {
                case ActivationState.Deactivating or ActivationState.Invalid:
                    return false;
                case ActivationState.Activating:
                    if (IsCycle(request))
                    {
                        break;
                    }

                    _waiting.Enqueue(request);
                    return true;
                default:
                    if (request.Interleave)
                    {
                        _interleaving++;
                    }
                    else if (!_busy && _waiting.Count == 0)
                    {
                        _busy = true;
                    }
                    else if (IsCycle(request))
                    {
                        break;
                    }
                    else
                    {
                        _waiting.Enqueue(request);
                        return true;
                    }

                    if (request.Method is not null)
                    {
                        _lastActivity = Silo.TimeProvider.GetTimestamp();
                    }

                    goto start;
            }
        }

        request.Fail(new DeadlockException(
            $"Call cycle: {string.Join(" -> ", request.CallChain)} -> {_selfInChain}.{request} would wait on itself; mark the method [AlwaysInterleave] or the grain [Reentrant] if this is intended."));
        return true;

    start:
        StartTurn(request);
        return true;
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, bool interleave)
    {
        var timer = new GrainTimer(this, callback, dueTime, period, interleave);
        lock (_lock)
        {
            if (_state is ActivationState.Invalid or ActivationState.Deactivating)
            {
                timer.Dispose();
                return timer;
            }

            _timers.Add(timer);
        }

        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    public void RequestDeactivation()
    {
        lock (_lock)
        {
            _deactivateRequested = true;
        }
    }

    /// <summary>Starts an orderly deactivation if the activation has been idle at least <paramref name="age"/>.</summary>
    public bool TryCollect(long now, TimeSpan age)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _busy || _interleaving > 0 || _waiting.Count > 0 || GrainClass.KeepAlive)
            {
                return false;
            }

            if (Silo.TimeProvider.GetElapsedTime(_lastActivity, now) < age)
            {
                return false;
            }

            _state = ActivationState.Deactivating;
        }

        StartDeactivation(DeactivationReason.Idle);
        return true;
    }

    /// <summary>Deactivates in an orderly way once the work in progress has finished (silo stop).</summary>
    public Task DeactivateAsync(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_state is ActivationState.Valid && !_busy && _interleaving == 0 && _waiting.Count == 0)
            {
                _state = ActivationState.Deactivating;
            }
            else if (_state is ActivationState.Valid or ActivationState.Activating)
            {
                // Finish queued work first; the last turn to end starts the deactivation.
                _deactivateRequested = true;
                _requestedReason = reason;
                return _gone.Task;
            }
            else
            {
                return _gone.Task;
            }
        }

        StartDeactivation(reason);
        return _gone.Task;
    }

    /// <summary>The silo died: drop everything without running grain code (nothing is flushed).</summary>
    public void Kill()
    {
        GrainRequest[] waiting;
        GrainTimer[] timers;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var t in timers)
        {
            t.Dispose();
        }

        foreach (var r in waiting)
        {
            r.Fail(new SiloUnavailableException(Silo.Name, $"silo {Silo.Name} died before {GrainId}.{r} ran"));
        }

        _gone.TrySetResult();
    }

    private bool IsCycle(GrainRequest request) => !request.Interleave && Array.IndexOf(request.CallChain, _selfInChain) >= 0;

    private void StartTurn(GrainRequest request)
        => _scheduler.RunOrQueue(new Task<Task>(static s =>
        {
            var (self, r) = ((ActivationData, GrainRequest))s!;
            return self.RunTurnAsync(r);
        }, (this, request)));

    private async Task RunTurnAsync(GrainRequest request)
    {
        RuntimeContext.Enter(request.CallChain, GrainId);
        Task work;
        try
        {
            work = _grain is null
                ? Task.FromException(new SiloUnavailableException(Silo.Name, $"{GrainId} is not active on {Silo.Name}"))
                : request.Start(_grain);
        }
        catch (Exception ex)
        {
            work = Task.FromException(ex);
        }

        if (!work.IsCompleted)
        {
            // Resume on this activation's scheduler (the captured TaskScheduler), never on a bare pool thread.
            await work.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        }

        request.Complete(work);
        OnTurnEnded(request);
    }

    private void OnTurnEnded(GrainRequest finished)
    {
        List<GrainRequest>? toStart = null;
        var deactivate = false;
        lock (_lock)
        {
            if (finished.Interleave)
            {
                _interleaving--;
            }
            else
            {
                _busy = false;
            }

            if (finished.Method is not null)
            {
                _lastActivity = Silo.TimeProvider.GetTimestamp();
            }

            if (_state == ActivationState.Valid)
            {
                toStart = TakeRunnable();
                if (toStart is null && _deactivateRequested && !_busy && _interleaving == 0 && _waiting.Count == 0)
                {
                    _state = ActivationState.Deactivating;
                    deactivate = true;
                }
            }
        }

        StartAll(toStart);
        if (deactivate)
        {
            StartDeactivation(_requestedReason);
        }
    }

    // Called under the lock: the requests that may start now, in arrival order.
    private List<GrainRequest>? TakeRunnable()
    {
        List<GrainRequest>? toStart = null;
        while (_waiting.TryPeek(out var next))
        {
            if (next.Interleave)
            {
                _interleaving++;
            }
            else if (!_busy)
            {
                _busy = true;
            }
            else
            {
                break;
            }

            (toStart ??= []).Add(_waiting.Dequeue());
        }

        return toStart;
    }

    private void StartAll(List<GrainRequest>? requests)
    {
        if (requests is null)
        {
            return;
        }

        foreach (var r in requests)
        {
            StartTurn(r);
        }
    }

    private async Task ActivateAsync()
    {
        Exception? failure = null;
        try
        {
            var (grain, states) = GrainClass.Create(GrainId, Silo);
            if (grain is Grain g)
            {
                g.Activation = this;
            }

            foreach (var state in states)
            {
                await state.ReadStateAsync(CancellationToken.None);
            }

            _grain = grain;
            if (grain is Grain withLifecycle)
            {
                await withLifecycle.OnActivateAsync(CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        List<GrainRequest>? toStart = null;
        GrainRequest[] failed = [];
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return; // killed while activating
            }

            if (failure is null)
            {
                _state = ActivationState.Valid;
                toStart = TakeRunnable();
            }
            else
            {
                _state = ActivationState.Invalid;
                failed = [.. _waiting];
                _waiting.Clear();
            }
        }

        if (failure is not null)
        {
            Silo.Log.ActivationFailed(GrainId, failure);
            Silo.Catalog.Remove(this);
            foreach (var r in failed)
            {
                r.Fail(failure);
            }

            _gone.TrySetResult();
            return;
        }

        StartAll(toStart);
    }

    private void StartDeactivation(DeactivationReason reason)
        => _scheduler.RunOrQueue(new Task<Task>(static s =>
        {
            var (self, why) = ((ActivationData, DeactivationReason))s!;
            return self.DeactivateCoreAsync(why);
        }, (this, reason)));

    private async Task DeactivateCoreAsync(DeactivationReason reason)
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var t in timers)
        {
            t.Dispose();
        }

        try
        {
            if (_grain is Grain g)
            {
                await g.OnDeactivateAsync(reason, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            Silo.Log.DeactivationFailed(GrainId, ex);
        }

        GrainRequest[] leftovers;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            leftovers = [.. _waiting];
            _waiting.Clear();
        }

        Silo.Catalog.Remove(this);
        _gone.TrySetResult();

        // Anything that slipped in while we were deactivating goes to the next activation.
        foreach (var r in leftovers)
        {
            _ = Silo.Catalog.Redispatch(GrainId, r);
        }
    }
}

using System.Collections.Concurrent;
using Maildriver.Runtime.Diagnostics;
using Maildriver.Runtime.Hosting;

namespace Maildriver.Runtime.Activation;

/// <summary>
/// The activations living on this silo. An activation is created on the first call for its grain and removed
/// when it is deactivated; a call that meets an activation on its way out waits and goes to the next one.
/// </summary>
internal sealed class Catalog : IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly SiloRuntime _silo;
    private ITimer? _collector;
    private volatile bool _killed;

    public Catalog(SiloRuntime silo) => _silo = silo;

    public int Count => _activations.Count;

    public IReadOnlyCollection<ActivationData> Activations => (IReadOnlyCollection<ActivationData>)_activations.Values;

    public void StartCollector()
    {
        var quantum = _silo.Options.CollectionQuantum;
        _collector = _silo.TimeProvider.CreateTimer(static s => ((Catalog)s!).CollectIdle(), this, quantum, quantum);
    }

    /// <summary>Deactivates every activation idle for at least the collection age; returns how many.</summary>
    public int CollectIdle()
    {
        if (_killed)
        {
            return 0;
        }

        var now = _silo.TimeProvider.GetTimestamp();
        var count = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.TryCollect(now, _silo.Options.CollectionAge))
            {
                count++;
            }
        }

        if (count > 0)
        {
            _silo.Log.Collected(count);
        }

        return count;
    }

    public Task<object?> Dispatch(GrainId id, GrainClassInfo grainClass, GrainRequest request)
    {
        if (_killed)
        {
            throw new SiloUnavailableException(_silo.Name, $"silo {_silo.Name} is dead");
        }

        var activation = GetOrCreate(id, grainClass);
        return activation.TryEnqueue(request) ? request.Completion : DispatchAfterAsync(activation, id, grainClass, request);
    }

    private async Task<object?> DispatchAfterAsync(ActivationData leaving, GrainId id, GrainClassInfo grainClass, GrainRequest request)
    {
        while (true)
        {
            await leaving.Gone.ConfigureAwait(false);
            if (_killed)
            {
                throw new SiloUnavailableException(_silo.Name, $"silo {_silo.Name} is dead");
            }

            leaving = GetOrCreate(id, grainClass);
            if (leaving.TryEnqueue(request))
            {
                return await request.Completion.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Routes a request that reached an activation as it left.</summary>
    public Task Redispatch(GrainId id, GrainRequest request)
    {
        var activation = GetOrCreate(id, activationClass: null);
        if (!activation.TryEnqueue(request))
        {
            return DispatchAfterAsync(activation, id, activation.GrainClass, request);
        }

        return Task.CompletedTask;
    }

    private ActivationData GetOrCreate(GrainId id, GrainClassInfo? activationClass)
    {
        while (true)
        {
            if (_activations.TryGetValue(id, out var existing))
            {
                return existing;
            }

            var grainClass = activationClass ?? (_silo.Registry.TryGet(id.Interface, out _, out var c) ? c : throw new InvalidOperationException($"no grain class for {id}"));
            var created = new ActivationData(id, grainClass, _silo);
            if (_activations.TryAdd(id, created))
            {
                created.Activate();
                return created;
            }
        }
    }

    public void Remove(ActivationData activation) => _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Orderly shutdown: every activation finishes its work and runs OnDeactivateAsync.</summary>
    public async Task DeactivateAllAsync()
    {
        _collector?.Dispose();
        await Task.WhenAll(_activations.Values.Select(a => a.DeactivateAsync(DeactivationReason.SiloStopping))).ConfigureAwait(false);
    }

    /// <summary>Crash: activations vanish without running any grain code.</summary>
    public void KillAll()
    {
        _killed = true;
        _collector?.Dispose();
        foreach (var activation in _activations.Values)
        {
            activation.Kill();
        }

        _activations.Clear();
    }

    public ValueTask DisposeAsync()
    {
        _collector?.Dispose();
        return ValueTask.CompletedTask;
    }
}

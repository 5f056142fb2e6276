using System.Collections.Concurrent;
using Maildriver.Runtime;

namespace Maildriver.Tests.Runtime.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

/// <summary>Counts lifecycle events per grain key, shared by every silo of a test.</summary>
public sealed class LifecycleProbe
{
    public ConcurrentDictionary<string, int> Activations { get; } = new();

    public ConcurrentDictionary<string, int> Deactivations { get; } = new();
}

public sealed class LifecycleGrain(LifecycleProbe probe) : Grain, ILifecycleGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<int> Ping() => Task.FromResult(probe.Activations.GetValueOrDefault(GetPrimaryKeyString()));
}

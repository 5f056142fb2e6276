using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;
using Orleans;
using Orleans.Runtime;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Starts the machine's protocol once the silo is active (section 10.2: "I'm here!"), and keeps clients away until
/// that start has said whether the machine must first be rebuilt from the others.
/// </summary>
/// <remarks>
/// Orleans's gateway begins to accept clients in the <see cref="ServiceLifecycleStage.Active"/> stage, alongside the
/// Replica's start, which is where a restored or empty machine takes its own hold (<c>Rebirth</c>) for the rebuild.
/// Without a hold of its own from an earlier stage, a client could log in, or read the restored (stale) mail, in the
/// moment between the two. This hold is taken before the gateway opens and released once the Replica has started
/// (by then a rebuild holds the machine back itself); on an ordinary start it lasts as long as the Replica's start,
/// which reads the machine's own store only. A client turned away meanwhile moves on to another gateway.
/// </remarks>
internal sealed class ReplicaStart(string machine, IGrainFactory grains, SiloReadiness readiness) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// The lifecycle stage after the Replica's start: what serves clients outside Orleans's gateway (the mail ports)
    /// opens then, and finds the machine ready or held back for its rebuild, never in between.
    /// </summary>
    public const int Started = ServiceLifecycleStage.Active + 1;

    private IDisposable? _starting;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(ReplicaStart), ServiceLifecycleStage.RuntimeInitialize, HoldBackAsync, ReleaseAsync);
        lifecycle.Subscribe(nameof(ReplicaStart), ServiceLifecycleStage.Active, StartAsync);
    }

    private Task HoldBackAsync(CancellationToken cancellation)
    {
        _starting = readiness.HoldBack($"{machine} is starting");
        return Task.CompletedTask;
    }

    private async Task StartAsync(CancellationToken cancellation)
    {
        try
        {
            await grains.GetGrain<IReplicaGrain>(machine).Start();
        }
        finally
        {
            _starting?.Dispose();
        }
    }

    // A silo that stops before its Replica started (its start failed) lets the hold go with it.
    private Task ReleaseAsync(CancellationToken cancellation)
    {
        _starting?.Dispose();
        return Task.CompletedTask;
    }
}

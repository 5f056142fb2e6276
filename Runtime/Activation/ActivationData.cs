using Maildriver.Runtime.Timers;

namespace Maildriver.Runtime.Activation;

// Placeholder shape while the activation is being written in the main tree.
internal sealed class ActivationData
{
    public GrainId GrainId { get; }
    public ISiloContext Silo { get; } = null!;
    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, bool interleave) => throw new NotSupportedException();
    public void RequestDeactivation() => throw new NotSupportedException();
}

internal interface ISiloContext
{
    string Name { get; }
    IGrainFactory GrainFactory { get; }
    IServiceProvider Services { get; }
    TimeProvider TimeProvider { get; }
}

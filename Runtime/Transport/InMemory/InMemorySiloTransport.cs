using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Transport.InMemory;

/// <summary>A silo's attachment to an <see cref="InMemoryNetwork"/>.</summary>
public sealed class InMemorySiloTransport(string silo, InMemoryNetwork network) : ISiloTransport
{
    private volatile bool _stopped;

    /// <inheritdoc/>
    public Task StartAsync(IIncomingCallHandler handler, CancellationToken cancellationToken)
    {
        _stopped = false;
        network.Attach(silo, handler);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<WireResponse> SendAsync(string targetSilo, WireRequest request, CancellationToken cancellationToken)
        => _stopped
            ? Task.FromException<WireResponse>(new SiloUnavailableException(silo, $"silo {silo} is down"))
            : network.SendAsync(silo, targetSilo, request, fromClient: false, cancellationToken);

    /// <inheritdoc/>
    public Task AbortAsync()
    {
        _stopped = true;
        network.Detach(silo);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => new(AbortAsync());
}

using Maildriver.Runtime.Client;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Transport.InMemory;

/// <summary>A client's connection to a silo's gateway across an <see cref="InMemoryNetwork"/>.</summary>
public sealed class InMemoryGatewayConnection(string silo, InMemoryNetwork network) : IGatewayConnection
{
    /// <inheritdoc/>
    public string Name => silo;

    /// <inheritdoc/>
    public Task<WireResponse> SendAsync(WireRequest request, CancellationToken cancellationToken)
        => network.SendAsync(InMemoryNetwork.ClientName, silo, request, fromClient: true, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

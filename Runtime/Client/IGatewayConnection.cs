using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Client;

/// <summary>A client's link to one silo's gateway.</summary>
public interface IGatewayConnection : IAsyncDisposable
{
    /// <summary>A name for status lines and errors, e.g. <c>127.0.0.1:30001</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Sends one client call. Throws <see cref="SiloUnavailableException"/> when the gateway cannot be reached or
    /// the connection breaks before the response arrives, so the client may move on and repeat the call.
    /// </summary>
    Task<WireResponse> SendAsync(WireRequest request, CancellationToken cancellationToken);
}

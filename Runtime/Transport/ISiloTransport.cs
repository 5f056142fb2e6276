using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Transport;

/// <summary>
/// Carries calls between silos. The real one is HTTP/2 on Kestrel; tests swap in an in-memory one that can
/// drop, delay and partition traffic.
/// </summary>
public interface ISiloTransport : IAsyncDisposable
{
    /// <summary>Starts accepting calls for <paramref name="handler"/>.</summary>
    Task StartAsync(IIncomingCallHandler handler, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a call to <paramref name="targetSilo"/> and returns its response. Throws
    /// <see cref="SiloUnavailableException"/> promptly when the silo is down or unreachable; a lost message
    /// surfaces as the caller's timeout (the token).
    /// </summary>
    Task<WireResponse> SendAsync(string targetSilo, WireRequest request, CancellationToken cancellationToken);

    /// <summary>Stops at once: open connections are cut, in-flight calls fail (a crash, not a goodbye).</summary>
    Task AbortAsync();
}

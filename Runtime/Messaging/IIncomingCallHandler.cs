namespace Maildriver.Runtime.Messaging;

/// <summary>What a transport hands incoming calls to: the silo's dispatcher.</summary>
public interface IIncomingCallHandler
{
    /// <summary>Runs a call that arrived from another silo and returns its outcome. Never throws for grain errors.</summary>
    Task<WireResponse> HandleSiloCallAsync(string sourceSilo, WireRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a call that arrived from a client at the gateway. Only interfaces registered as client API are served;
    /// anything else comes back as a <see cref="GatewayRefusedException"/> error.
    /// </summary>
    Task<WireResponse> HandleClientCallAsync(WireRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Why this silo turns clients away just now (its readiness is held back), or null when it serves them. A
    /// gateway refuses client calls meanwhile as unavailable, so clients move on to another silo.
    /// </summary>
    string? ClientRefusal { get; }
}

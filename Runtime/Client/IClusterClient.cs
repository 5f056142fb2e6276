namespace Maildriver.Runtime.Client;

/// <summary>A client of the cluster, shaped like Orleans's <c>IClusterClient</c>: grain references that call through a gateway.</summary>
public interface IClusterClient : IGrainFactory, IAsyncDisposable
{
    /// <summary>The gateway the last call went through (or will go through first).</summary>
    string CurrentGateway { get; }

    /// <summary>Raised when the client moves to another gateway because the current one failed.</summary>
    event Action<GatewayChange>? GatewayChanged;
}

/// <summary>A move from one gateway to another.</summary>
/// <param name="From">The gateway that failed.</param>
/// <param name="To">The one tried next.</param>
/// <param name="Reason">Why the first failed.</param>
public sealed record GatewayChange(string From, string To, string Reason);

using System.Globalization;

namespace Maildriver.Client.Connection;

/// <summary>
/// Where one gateway listens: host, port, and whether it speaks TLS. Written <c>host:port</c> (cleartext) or
/// <c>https://host:port</c> (TLS) in a gateway list.
/// </summary>
/// <param name="Host">Host name or address (IPv6 without brackets).</param>
/// <param name="Port">The gateway port.</param>
/// <param name="UseTls">Whether the gateway port speaks TLS.</param>
public sealed record GatewayAddress(string Host, int Port, bool UseTls = false)
{
    /// <summary>The name used in messages and to tell gateways apart: <c>host:port</c>, IPv6 in brackets.</summary>
    public string Name => Host.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <inheritdoc/>
    public override string ToString() => UseTls ? $"https://{Name}" : Name;
}

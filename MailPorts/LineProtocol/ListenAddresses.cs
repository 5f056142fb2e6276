using System.Net;
using System.Net.Sockets;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>Where a machine's mail ports listen: its <c>host</c> only, as the gateway does, never every interface.</summary>
internal static class ListenAddresses
{
    /// <summary>
    /// Starts listening on <paramref name="endpoint"/> for <paramref name="protocol"/>; a port already in use throws
    /// here, so the silo does not start half-configured.
    /// </summary>
    public static TcpListener Listen(IPEndPoint endpoint, string protocol)
    {
        var listener = new TcpListener(endpoint);
        // Lets a restarted silo bind while connections of its previous life linger in TIME_WAIT.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new InvalidOperationException($"{protocol} cannot listen on {endpoint}: {ex.Message}", ex);
        }

        return listener;
    }

    /// <summary>An IP address as it is, <c>localhost</c> as the loopback addresses, a DNS name as what it resolves to here.</summary>
    public static IPEndPoint[] For(string host, int port)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return [new IPEndPoint(address, port)];
        }

        var addresses = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? [IPAddress.Loopback]
            : Dns.GetHostAddresses(host);
        return addresses.Length > 0
            ? addresses.Select(a => new IPEndPoint(a, port)).ToArray()
            : throw new InvalidOperationException($"host '{host}' resolves to no address to listen on");
    }
}

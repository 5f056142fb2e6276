using System.Net;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>Where a machine's mail ports listen: its <c>host</c> only, as the gateway does, never every interface.</summary>
internal static class ListenAddresses
{
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

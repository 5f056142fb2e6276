using System.Globalization;
using System.Net;

namespace Maildriver.Client.Connection;

/// <summary>The <c>--gateway</c> list (or MAILDRIVER_GATEWAYS): the machines' gateways, in the order they are tried.</summary>
public static class GatewayList
{
    /// <summary>
    /// Parses a comma-separated gateway list such as <c>127.0.0.1:30001, https://md2.example:30001, [::1]:30001</c>:
    /// <c>https://</c> marks a TLS gateway, a bare <c>host:port</c> (or <c>http://host:port</c>) a cleartext one.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty, an entry has no valid host or port, an unknown scheme, or is repeated; the message says which.</exception>
    public static IReadOnlyList<GatewayAddress> Parse(string gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        if (string.IsNullOrWhiteSpace(gateways))
        {
            throw new ArgumentException("the gateway list is empty; expected host:port[,host:port...]", nameof(gateways));
        }

        var endpoints = new List<GatewayAddress>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in gateways.Split(',', StringSplitOptions.TrimEntries))
        {
            if (entry.Length == 0)
            {
                throw new ArgumentException($"the gateway list '{gateways}' has an empty entry", nameof(gateways));
            }

            var endpoint = ParseEntry(entry);
            if (!seen.Add(endpoint.Name))
            {
                throw new ArgumentException($"gateway '{entry}' is listed twice", nameof(gateways));
            }

            endpoints.Add(endpoint);
        }

        return endpoints;
    }

    private static GatewayAddress ParseEntry(string entry)
    {
        var useTls = false;
        var schemeEnd = entry.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var scheme = entry[..schemeEnd];
            useTls = scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
            if (!useTls && !scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"gateway '{entry}': '{scheme}://' is not a gateway scheme; use host:port or https://host:port", "gateways");
            }

            entry = entry[(schemeEnd + 3)..].TrimEnd('/');
        }

        string host;
        string port;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']');
            if (close < 0 || close + 1 >= entry.Length || entry[close + 1] != ':')
            {
                throw new ArgumentException($"gateway '{entry}': expected [IPv6 address]:port", "gateways");
            }

            host = entry[1..close];
            port = entry[(close + 2)..];
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                throw new ArgumentException($"gateway '{entry}': '{host}' is not an IPv6 address", "gateways");
            }
        }
        else
        {
            var colon = entry.LastIndexOf(':');
            if (colon < 0)
            {
                throw new ArgumentException($"gateway '{entry}' has no port; expected host:port", "gateways");
            }

            if (entry.IndexOf(':') != colon)
            {
                throw new ArgumentException($"gateway '{entry}': write IPv6 addresses in brackets, e.g. [::1]:30001", "gateways");
            }

            host = entry[..colon];
            port = entry[(colon + 1)..];
            if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                throw new ArgumentException($"gateway '{entry}': '{host}' is not a host name or address", "gateways");
            }
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new ArgumentException($"gateway '{entry}': port '{port}' is not a number from 1 to 65535", "gateways");
        }

        return new GatewayAddress(host, number, useTls);
    }
}

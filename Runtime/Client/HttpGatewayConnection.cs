using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Maildriver.Runtime.Gateway;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Client;

/// <summary>
/// A client's link to one silo's gateway: one <c>POST /gateway/v1/invoke</c> per call on reused connections.
/// Everything that means "this gateway cannot answer" — refused or timed-out connects, 5xx from a dying server, a
/// connection cut before the response is in — surfaces as <see cref="SiloUnavailableException"/> so the cluster
/// client can move on to another gateway.
/// </summary>
/// <remarks>
/// Calls ask for HTTP/2 but accept HTTP/1.1. The gateway port serves both, and Kestrel can only tell them apart
/// through TLS ALPN: on a cleartext port that allows HTTP/1.1 it answers HTTP/2 prior knowledge with
/// <c>HTTP_1_1_REQUIRED</c> (dotnet/aspnetcore#56984). So a cleartext gateway is spoken to in HTTP/1.1, and a TLS
/// gateway (<c>https://</c>) in HTTP/2.
/// </remarks>
public sealed class HttpGatewayConnection : IGatewayConnection
{
    private static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(2);

    // Above this size the body waits for the gateway's "100 Continue": a gateway that refuses the body (413) then
    // answers before it is sent, instead of cutting the connection in the middle of the upload — which would look
    // like a dead gateway and send the same oversized call to every other one.
    private const int ExpectContinueThreshold = 64 * 1024;

    private readonly HttpClient _client;
    private readonly Uri _uri;

    /// <summary>Creates a cleartext connection to the gateway at <paramref name="gateway"/>; nothing connects until the first call.</summary>
    /// <param name="gateway">Host and gateway port.</param>
    /// <param name="connectTimeout">How long to wait for a TCP connection; 2 seconds when omitted.</param>
    public HttpGatewayConnection(DnsEndPoint gateway, TimeSpan? connectTimeout = null)
        : this(new GatewayAddress(gateway?.Host ?? throw new ArgumentNullException(nameof(gateway)), gateway.Port), null, connectTimeout)
    {
    }

    /// <summary>Creates a connection to the gateway at <paramref name="gateway"/>; nothing connects until the first call.</summary>
    /// <param name="gateway">Host, gateway port and TLS, e.g. from <see cref="ParseList"/>.</param>
    /// <param name="trust">For a TLS gateway: whose certificates to accept; the system's roots when omitted.</param>
    /// <param name="connectTimeout">How long to wait for a TCP connection (and the TLS handshake); 2 seconds when omitted.</param>
    public HttpGatewayConnection(GatewayAddress gateway, GatewayTrust? trust = null, TimeSpan? connectTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        Name = gateway.Name;
        _uri = new UriBuilder(gateway.UseTls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, gateway.Host, gateway.Port, GatewayProtocol.InvokePath).Uri;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout ?? DefaultConnectTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        (trust ?? GatewayTrust.System).Apply(handler.SslOptions);

        // The caller's token is the only timeout: it is the runtime's call timeout.
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>
    /// Parses a comma-separated gateway list such as <c>127.0.0.1:30001, https://md2.example:30001, [::1]:30001</c>:
    /// <c>https://</c> marks a TLS gateway, a bare <c>host:port</c> (or <c>http://host:port</c>) a cleartext one.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty, an entry has no valid host or port, an unknown scheme, or is repeated; the message says which.</exception>
    public static IReadOnlyList<GatewayAddress> ParseList(string gateways)
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

    /// <inheritdoc/>
    public async Task<WireResponse> SendAsync(WireRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payload = WireSerializer.SerializeRequest(request);
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue(GatewayProtocol.JsonContentType);
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (payload.Length > ExpectContinueThreshold)
        {
            message.Headers.ExpectContinue = true;
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            throw Unavailable($"cannot reach the gateway: {Describe(ex)}", ex);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                throw Unavailable($"the connection broke before the response arrived: {ex.Message}", ex);
            }

            var status = (int)response.StatusCode;
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    try
                    {
                        return WireSerializer.DeserializeResponse(body);
                    }
                    catch (JsonException ex)
                    {
                        throw Unavailable($"the gateway answered with an unreadable response: {ex.Message}", ex);
                    }

                case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                    // The call itself is at fault; another gateway would refuse it just the same.
                    throw new ArgumentException($"gateway {Name} refused the call (HTTP {status}): {Text(body)}");

                default:
                    // 5xx from a dying silo, or something that is not a Maildriver gateway at all (404).
                    throw Unavailable($"the gateway answered HTTP {status}: {Text(body)}", null);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken)
        => ex switch
        {
            // The caller's own token is the caller's timeout, not the gateway's fault: let it through as is.
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            HttpRequestException or IOException => true,
            _ => false,
        };

    // HttpClient says only "The SSL connection could not be established, see inner exception": the reason a person
    // can act on (an untrusted or misnamed certificate) is further down.
    private static string Describe(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return $"the TLS handshake failed: {inner.Message}";
            }
        }

        return ex.Message;
    }

    private SiloUnavailableException Unavailable(string message, Exception? inner)
        => new(Name, $"gateway {Name}: {message}", inner);

    private static string Text(byte[] body)
    {
        const int MaxShown = 1024;
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxShown)).Trim();
        return text.Length == 0 ? "(no message)" : text;
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

using System.Collections.Frozen;
using Maildriver.Runtime.Configuration;
using Maildriver.Runtime.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>
/// Silo-to-silo calls over cleartext HTTP/2 (prior knowledge). Each silo keeps one long-lived duplex request per
/// target silo (<c>POST /silo/v1/stream</c>) and multiplexes every call to that target over it as length-prefixed
/// frames, so a call costs a few bytes on an open stream instead of an HTTP request. The stream is authenticated
/// once, when it opens, with a <see cref="ClusterSecretProof"/>.
/// </summary>
public sealed class HttpSiloTransport : ISiloTransport
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly MachineConfig _local;
    private readonly FrozenDictionary<string, SiloLink> _links;
    private readonly ClusterSecretProof _proof;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _invoker;
    private readonly EmbeddedServer _server = new();

    /// <summary>Creates the transport for <paramref name="local"/>; nothing listens or connects until used.</summary>
    /// <param name="local">This silo: its name and the address and silo port it listens on.</param>
    /// <param name="machines">Every silo of the cluster (this one included): the only valid call targets and sources.</param>
    /// <param name="clusterSecret">The secret every stream must prove it holds.</param>
    /// <param name="loggerFactory">For the transport's and the embedded server's logs.</param>
    /// <param name="timeProvider">The clock for proof time stamps and shutdown timeouts; the system clock when omitted.</param>
    public HttpSiloTransport(
        MachineConfig local,
        IReadOnlyList<MachineConfig> machines,
        string clusterSecret,
        ILoggerFactory loggerFactory,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(machines);
        ArgumentException.ThrowIfNullOrEmpty(clusterSecret);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        _local = local;
        timeProvider ??= TimeProvider.System;
        _proof = new ClusterSecretProof(clusterSecret, timeProvider);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<HttpSiloTransport>();
        _invoker = new HttpMessageInvoker(CreateHandler(), disposeHandler: true);

        var links = new Dictionary<string, SiloLink>(StringComparer.Ordinal);
        foreach (var machine in machines)
        {
            if (!links.TryAdd(machine.Name, new SiloLink(local.Name, machine, _invoker, _proof, timeProvider, _logger)))
            {
                throw new ArgumentException($"machine '{machine.Name}' is listed twice", nameof(machines));
            }
        }

        _links = links.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public async Task StartAsync(IIncomingCallHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _server.BeginStart(this);

        var app = EmbeddedKestrel.Build(_local.Host, _local.SiloPort, HttpProtocols.Http2, _loggerFactory, ShutdownTimeout, options =>
        {
            // One request lives as long as the connection and carries unbounded traffic, idle or not: the
            // per-request size and data-rate limits meant for ordinary requests would cut it.
            options.Limits.MaxRequestBodySize = null;
            options.Limits.MinRequestBodyDataRate = null;
            options.Limits.MinResponseDataRate = null;
            options.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(10);
            options.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            options.Limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
            options.Limits.Http2.InitialStreamWindowSize = 4 * 1024 * 1024;
        });
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        app.Run(context => ServeAsync(context, handler, stopping));
        await _server.StartAsync(app, cancellationToken).ConfigureAwait(false);
        TransportLog.Listening(_logger, _local.Name, _local.Host, _local.SiloPort);
    }

    /// <inheritdoc/>
    public Task<WireResponse> SendAsync(string targetSilo, WireRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targetSilo);
        ArgumentNullException.ThrowIfNull(request);
        if (!_links.TryGetValue(targetSilo, out var link))
        {
            return Task.FromException<WireResponse>(new SiloUnavailableException(
                targetSilo, $"there is no silo named '{targetSilo}' in the cluster (known: {string.Join(", ", _links.Keys)})"));
        }

        // Serialized on the caller's thread, so the per-connection writer loop only copies bytes.
        return link.SendAsync(WireSerializer.SerializeRequest(request), cancellationToken);
    }

    /// <inheritdoc/>
    public Task AbortAsync() => StopAsync(abort: true);

    /// <summary>
    /// The orderly stop: stops accepting streams, answers the calls already read (for up to a few seconds), ends the
    /// outbound streams after the calls on them are answered, and releases everything.
    /// </summary>
    public async ValueTask DisposeAsync() => await StopAsync(abort: false).ConfigureAwait(false);

    private async Task StopAsync(bool abort)
    {
        if (!_server.TryBeginStop(out var app))
        {
            return;
        }

        var stops = new List<Task>(_links.Count + 1);
        if (app is not null)
        {
            stops.Add(EmbeddedKestrel.StopAsync(app, abort));
        }

        foreach (var link in _links.Values)
        {
            stops.Add(link.StopAsync(abort, ShutdownTimeout));
        }

        try
        {
            await Task.WhenAll(stops).ConfigureAwait(false);
        }
        finally
        {
            _invoker.Dispose();
        }
    }

    private async Task ServeAsync(HttpContext context, IIncomingCallHandler handler, CancellationToken stopping)
    {
        if (!EmbeddedKestrel.IsPostTo(context, SiloStreamProtocol.Path))
        {
            return;
        }

        // The proof is made for "<source>|<this silo>|<time>": a proof addressed to any other silo does not verify,
        // which is the check that the caller meant this silo. Unknown sources are refused outright.
        var source = context.Request.Headers[SiloStreamProtocol.SourceHeader].ToString();
        var proof = context.Request.Headers[SiloStreamProtocol.ProofHeader].ToString();
        if (source.Length == 0 || !_links.ContainsKey(source) || !_proof.Verify(source, _local.Name, proof))
        {
            TransportLog.ProofRejected(_logger, context.Connection.RemoteIpAddress?.ToString(), source);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("missing or invalid cluster secret proof", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await new InboundSiloStream(source, context, handler, stopping, _logger).RunAsync().ConfigureAwait(false);
    }

    private static SocketsHttpHandler CreateHandler() => new()
    {
        // One TCP connection per target carrying the one stream; connection refused on loopback is immediate, the
        // timeout bounds the wait for a host that does not answer at all.
        EnableMultipleHttp2Connections = false,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PooledConnectionIdleTimeout = TimeSpan.FromHours(1),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,

        // HTTP/2 pings notice a peer that vanished without closing the connection (power loss, partition).
        KeepAlivePingDelay = TimeSpan.FromSeconds(10),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        InitialHttp2StreamWindowSize = 4 * 1024 * 1024,

        // Silo traffic goes straight to the peer: never through an environment-configured proxy.
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };
}

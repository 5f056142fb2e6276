using Maildriver.Clustering.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maildriver.Silo.Diagnostics;

/// <summary>
/// The silo's third port, <see cref="MachineConfig.DashboardPort"/>: an embedded Kestrel server that serves the
/// application's dashboard. The runtime only owns its life (it starts with the silo, stops with it
/// and is cut off when the silo is killed); what it serves is the application's business.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    // Dashboard requests are small: a login form at most.
    private const long MaxRequestBodyBytes = 64 * 1024;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private readonly MachineConfig _machine;
    private readonly ILoggerFactory _loggerFactory;
    private readonly EmbeddedServer _server = new();

    public DashboardServer(MachineConfig machine, ILoggerFactory loggerFactory)
    {
        _machine = machine;
        _loggerFactory = loggerFactory;
    }

    /// <summary>
    /// Listens on the machine's host and dashboard port with the services <paramref name="services"/> adds, and serves
    /// what <paramref name="map"/> maps.
    /// </summary>
    public async Task StartAsync(Action<IServiceCollection> services, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        _server.BeginStart(this);
        // Browsers speak HTTP/2 only over TLS: plain HTTP/1.1 on a cleartext port, either (by ALPN) with a certificate.
        var certificate = _machine.Tls?.LoadCertificate();
        var protocols = certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
        var app = EmbeddedKestrel.Build(_machine.Host, _machine.DashboardPort, protocols, _loggerFactory, ShutdownTimeout, options =>
        {
            options.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        }, certificate, services);
        map(app);
        await _server.StartAsync(app, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cuts every connection at once (the silo crashed).</summary>
    public Task AbortAsync() => StopAsync(abort: true);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync(abort: false).ConfigureAwait(false);

    private Task StopAsync(bool abort) => _server.StopAsync(abort);
}

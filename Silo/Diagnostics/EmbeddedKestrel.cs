using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maildriver.Silo.Diagnostics;

/// <summary>Builds and stops the small Kestrel servers the silo embeds (silo port, gateway port).</summary>
internal static class EmbeddedKestrel
{
    /// <summary>
    /// An app listening on <paramref name="host"/>:<paramref name="port"/> only. Built from the empty builder rather
    /// than the slim one: no appsettings files (and their file watchers), no environment variables that could move
    /// the listening address (ASPNETCORE_URLS), no logging providers of its own — the silo's logger factory is used.
    /// With a <paramref name="certificate"/> the port speaks TLS only (HTTP/1.1 or HTTP/2 chosen by ALPN).
    /// <paramref name="services"/> adds the app's own services (routing, an exporter) to its container.
    /// </summary>
    public static WebApplication Build(
        string host,
        int port,
        HttpProtocols protocols,
        ILoggerFactory loggerFactory,
        TimeSpan shutdownTimeout,
        Action<KestrelServerOptions> configure,
        X509Certificate2? certificate = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        services?.Invoke(builder.Services);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            Listen(options, host, port, listen =>
            {
                listen.Protocols = protocols;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            configure(options);
        });
        return builder.Build();
    }

    /// <summary>
    /// Stops <paramref name="app"/> and disposes it. With <paramref name="abort"/> the connections are cut at once
    /// (Kestrel aborts whatever has not closed by the time the stop token is cancelled, and it already is);
    /// otherwise requests get the host's shutdown timeout to finish.
    /// </summary>
    public static async Task StopAsync(WebApplication app, bool abort)
    {
        using var stop = new CancellationTokenSource();
        if (abort)
        {
            stop.Cancel();
        }

        try
        {
            await app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException) when (abort)
        {
            // Expected: the cancelled token is how Kestrel is told not to wait.
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// Whether the request is a POST to <paramref name="path"/>, the one thing the silo and gateway ports serve;
    /// otherwise the response is already set to 404 (another path) or 405 (another method).
    /// </summary>
    public static bool IsPostTo(HttpContext context, string path)
    {
        if (!string.Equals(context.Request.Path.Value, path, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = HttpMethods.Post;
            return false;
        }

        return true;
    }

    private static void Listen(KestrelServerOptions options, string host, int port, Action<ListenOptions> configure)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            options.Listen(address, port, configure);
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            options.ListenLocalhost(port, configure);
        }
        else
        {
            // A DNS name: listen on what it resolves to here, never on every interface. An empty answer must not
            // fall through to Kestrel's default address.
            var addresses = Dns.GetHostAddresses(host);
            if (addresses.Length == 0)
            {
                throw new InvalidOperationException($"host '{host}' resolves to no address to listen on");
            }

            foreach (var resolved in addresses)
            {
                options.Listen(resolved, port, configure);
            }
        }
    }
}

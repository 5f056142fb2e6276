using System.Net;
using Maildriver.Grains.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Maildriver.Client.Connection;

/// <summary>
/// An Orleans client connected to one machine's gateway. The client is given that one gateway only, so every call goes
/// to the machine the user chose (the first of the list that answers), as the paper's Server process is the one of
/// the machine the user is logged in to; <see cref="FailoverClient"/> moves to the next when it stops answering.
/// </summary>
/// <remarks>
/// The client runs in a bare service provider, not a generic host: a CLI run is one or two calls, and the host's
/// configuration, environment, console lifetime and logging set-up cost a noticeable share of its start for nothing.
/// Orleans's client is a hosted service; it is started and stopped here as a host would.
/// </remarks>
internal sealed class GatewayConnection : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IReadOnlyList<IHostedService> _started;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IMailboxObserver, IMailboxObserver> _references = new(ReferenceEqualityComparer.Instance);

    private GatewayConnection(GatewayAddress gateway, ServiceProvider services, IReadOnlyList<IHostedService> started)
    {
        Gateway = gateway;
        _services = services;
        _started = started;
        Server = services.GetRequiredService<IClusterClient>().GetGrain<IMailServer>("gateway");
    }

    /// <summary>The gateway this client is connected to.</summary>
    public GatewayAddress Gateway { get; }

    /// <summary>The front door of the gateway's machine.</summary>
    public IMailServer Server { get; }

    /// <summary>
    /// The reference through which the gateway's machine calls <paramref name="observer"/>, made once per observer
    /// and connection: renewing a subscription must not register a second observer that would be told twice.
    /// </summary>
    public IMailboxObserver Reference(IMailboxObserver observer)
        => _references.GetOrAdd(observer, o => _services.GetRequiredService<IClusterClient>().CreateObjectReference<IMailboxObserver>(o));

    /// <summary>Connects to <paramref name="gateway"/>; throws when it cannot be reached or refuses the client.</summary>
    public static async Task<GatewayConnection> ConnectAsync(GatewayAddress gateway, ClientSettings settings, CancellationToken cancellationToken)
    {
        var endpoints = await ResolveAsync(gateway, cancellationToken);
        string? refusal = null;
        var collection = new ServiceCollection();
        collection.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        collection.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        collection.AddOrleansClient(client =>
        {
            client.UseStaticClustering(endpoints);
            // Orleans 10.4 retries a refused connection at start for ever (a linear back-off by default); this
            // client has one gateway, and moving on to the next is FailoverClient's job, so a refusal ends the start.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = settings.ResponseTimeout);
            if (gateway.UseTls)
            {
                client.UseTls(tls => settings.Trust.Configure(tls, gateway.Host, reason => refusal = reason));
            }
        });
        var services = collection.BuildServiceProvider();
        var started = new List<IHostedService>();
        try
        {
            foreach (var service in services.GetServices<IHostedService>())
            {
                await service.StartAsync(cancellationToken);
                started.Add(service);
            }

            return new GatewayConnection(gateway, services, started);
        }
        catch (Exception ex)
        {
            await StopAsync(services, started);
            if (refusal is not null)
            {
                throw new GatewayCertificateException(refusal, ex);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(_services, _started));

    private static async Task StopAsync(ServiceProvider services, IReadOnlyList<IHostedService> started)
    {
        try
        {
            // A gateway that is gone cannot be told goodbye: do not wait for it.
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            foreach (var service in started.Reverse())
            {
                await service.StopAsync(quick.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping a client whose gateway died: nothing to wait for.
        }
        finally
        {
            await services.DisposeAsync();
        }
    }

    private static async Task<IPEndPoint[]> ResolveAsync(GatewayAddress gateway, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(gateway.Host, out var address))
        {
            return [new IPEndPoint(address, gateway.Port)];
        }

        var addresses = await Dns.GetHostAddressesAsync(gateway.Host, cancellationToken);
        return [.. addresses.Select(a => new IPEndPoint(a, gateway.Port)).Take(1)];
    }
}

using System.Net;
using Maildriver.Grains.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Maildriver.Client.Connection;

/// <summary>
/// An Orleans client connected to one machine's gateway. The client is given that one gateway only, so every call goes
/// to the machine the user chose (the first of the list that answers), as the paper's Server process is the one of
/// the machine the user is logged in to; <see cref="FailoverClient"/> moves to the next when it stops answering.
/// </summary>
internal sealed class GatewayConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private GatewayConnection(GatewayAddress gateway, IHost host)
    {
        Gateway = gateway;
        _host = host;
        Server = host.Services.GetRequiredService<IClusterClient>().GetGrain<IMailServer>("gateway");
    }

    /// <summary>The gateway this client is connected to.</summary>
    public GatewayAddress Gateway { get; }

    /// <summary>The front door of the gateway's machine.</summary>
    public IMailServer Server { get; }

    /// <summary>Connects to <paramref name="gateway"/>; throws when it cannot be reached or refuses the client.</summary>
    public static async Task<GatewayConnection> ConnectAsync(GatewayAddress gateway, ClientSettings settings, CancellationToken cancellationToken)
    {
        var endpoints = await ResolveAsync(gateway, cancellationToken);
        string? refusal = null;
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(client =>
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
            })
            .Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return new GatewayConnection(gateway, host);
        }
        catch (Exception ex)
        {
            await StopAsync(host);
            if (refusal is not null)
            {
                throw new GatewayCertificateException(refusal, ex);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(_host));

    private static async Task StopAsync(IHost host)
    {
        try
        {
            // A gateway that is gone cannot be told goodbye: do not wait for it.
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await host.StopAsync(quick.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping a client whose gateway died: nothing to wait for.
        }
        finally
        {
            host.Dispose();
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

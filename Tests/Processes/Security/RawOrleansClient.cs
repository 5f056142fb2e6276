using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Maildriver.Tests.Processes.Security;

/// <summary>
/// A bare Orleans client (Microsoft.Orleans.Client, none of Maildriver's client code) connected to one gateway with a
/// cluster id: what anybody who can reach a gateway port can run.
/// </summary>
public sealed class RawOrleansClient : IAsyncDisposable
{
    private readonly IHost _host;

    private RawOrleansClient(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The client's grain factory.</summary>
    public IClusterClient Grains { get; }

    /// <summary>Connects to the gateway on 127.0.0.1:<paramref name="gatewayPort"/>; throws when it cannot.</summary>
    public static async Task<RawOrleansClient> ConnectAsync(int gatewayPort, string clusterId = "maildriver", Action<IClientBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "maildriver"));
            // One try: a refusal is what some tests expect, and Orleans would otherwise retry it for ever.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            configure?.Invoke(client);
        });
        var host = builder.Build();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StartAsync(deadline.Token);
            return new RawOrleansClient(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _host.StopAsync(quick.Token);
        }
        catch (OperationCanceledException)
        {
            // A gateway that went away cannot be told goodbye.
        }

        _host.Dispose();
    }
}

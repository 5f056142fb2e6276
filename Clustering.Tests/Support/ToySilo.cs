using Maildriver.Clustering.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>
/// A real Orleans silo in this process, a cluster of its own (localhost clustering, fresh ports, a random cluster id
/// and a random cluster service id), with the machine grain storage "machine" over the given database.
/// </summary>
public sealed class ToySilo : IAsyncDisposable
{
    private readonly IHost _host;

    private ToySilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts a silo. If its start fails, Orleans's lifecycle has stopped the stages that had started (a stop request
    /// would now be refused: the silo is not running), and the host's services are disposed before the failure goes on.
    /// </summary>
    public static async Task<ToySilo> StartAsync(MachineStorageOptions storage)
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(ports[0], ports[1], serviceId: $"random-{Guid.NewGuid():N}", clusterId: $"toy-{Guid.NewGuid():N}")
            .AddMachineGrainStorage(ToyViewGrain.StorageName, storage));
        var silo = new ToySilo(builder.Build());
        try
        {
            await silo._host.StartAsync();
            return silo;
        }
        catch
        {
            silo._host.Dispose();
            throw;
        }
    }

    public IToyViewGrain Grain(string key) => Services.GetRequiredService<IGrainFactory>().GetGrain<IToyViewGrain>(key);

    /// <summary>The grain's state as stored now, read through the silo's storage provider (not the activation).</summary>
    public async Task<(ToyView? View, string? ETag)> ReadStoredAsync(string key)
    {
        var state = new GrainState<ToyView>(new ToyView());
        await Storage.ReadStateAsync("view", GrainId(key), state);
        return (state.RecordExists ? state.State : null, state.ETag);
    }

    /// <summary>The storage provider the grain writes through.</summary>
    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(ToyViewGrain.StorageName);

    public static GrainId GrainId(string key) => Orleans.Runtime.GrainId.Create(ToyViewGrain.TypeName, key);

    public async ValueTask DisposeAsync()
    {
        // A graceful stop, cut short after 10 s; the services (connection pools included) are disposed either way.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }
}

using Maildriver.Clustering.Tests.FaultNet;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>
/// One running toy cluster (<see cref="ToyClusterBuilder"/>) with a fault net, shared by the test classes of
/// <see cref="ToyClusterCollection"/>: three silos start once, not once per test, on this two-core machine.
/// Tests use fresh grain keys and heal the net when they end, so they do not see each other.
/// </summary>
public sealed class ToyCluster : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    /// <summary>The fault net every silo and the client send through.</summary>
    public FaultNetwork Net { get; } = new();

    /// <summary>The cluster, once started.</summary>
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the toy cluster is not started");

    /// <summary>The test cluster's client (outside the cluster: the front door is all it may call).</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>Machine <paramref name="machine"/>'s services.</summary>
    public IServiceProvider Services(string machine)
        => Cluster.Silos.Single(s => s.Name == machine).ServiceProvider;

    /// <summary>The grain factory of silo code (not a grain) on <paramref name="machine"/>: its hosted client.</summary>
    public IGrainFactory Silo(string machine) => Services(machine).GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        _cluster = ToyClusterBuilder.Build(Net);
        await ToyClusterBuilder.DeployAsync(_cluster);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is null)
        {
            return;
        }

        Net.Heal();
        await ToyClusterBuilder.StopAsync(_cluster);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Maildriver.Runtime.Client;
using Maildriver.Runtime.Configuration;
using Maildriver.Runtime.Hosting;
using Maildriver.Runtime.Transport.InMemory;

namespace Maildriver.Runtime.Testing;

/// <summary>
/// N silos in one process for tests, like Orleans's TestCluster: start, stop, kill and restart silos (a restart
/// keeps the data directory), cut or slow the network between chosen silos, and call grains through clients.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly Dictionary<string, SiloHost> _silos = new(StringComparer.Ordinal);
    private readonly List<IClusterClient> _clients = [];
    private readonly bool _ownsDataRoot;
    private IClusterClient? _client;

    private TestCluster(TestClusterOptions options, ClusterConfig config, string dataRoot, bool ownsDataRoot)
    {
        _options = options;
        Config = config;
        DataRoot = dataRoot;
        _ownsDataRoot = ownsDataRoot;
        Network = new InMemoryNetwork(options.TimeProvider);
    }

    /// <summary>The generated cluster configuration.</summary>
    public ClusterConfig Config { get; }

    /// <summary>The folder holding every silo's data directory.</summary>
    public string DataRoot { get; }

    /// <summary>Silos that crashed themselves on purpose (<see cref="SiloFailFast"/>), with the reason they gave.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Silo, string Reason)> Crashes { get; } = new();

    /// <summary>The in-memory network (unused with the HTTP transport).</summary>
    public InMemoryNetwork Network { get; }

    /// <summary>The silo names, MD1 first.</summary>
    public IReadOnlyList<string> SiloNames => Config.Machines.Select(m => m.Name).ToList();

    /// <summary>A client whose gateways are all silos, in order.</summary>
    public IClusterClient Client => _client ??= CreateClient();

    /// <summary>The running (or last) host of <paramref name="name"/>.</summary>
    public SiloHost GetSilo(string name) => _silos[name];

    /// <summary>Builds the configuration and starts every silo.</summary>
    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null)
    {
        options ??= new TestClusterOptions();
        var owns = options.DataRoot is null;
        var root = options.DataRoot ?? Path.Combine(Path.GetTempPath(), "maildriver-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);

        var machines = new JsonArray();
        for (var i = 1; i <= options.SiloCount; i++)
        {
            var machine = new JsonObject
            {
                ["name"] = $"MD{i}",
                ["host"] = "127.0.0.1",
                ["siloPort"] = options.UseHttpTransport ? FreePort() : 20000 + i,
                ["gatewayPort"] = options.UseHttpTransport ? FreePort() : 30000 + i,
                ["dataDir"] = $"MD{i}",
            };
            if (options.UseDashboard)
            {
                // A real port even with the in-memory transport: the dashboard is an HTTP server either way.
                machine["dashboardPort"] = FreePort();
            }

            machines.Add(machine);
        }

        var doc = new JsonObject
        {
            ["clusterSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
            ["storage"] = options.Storage?.DeepClone() ?? new JsonObject { ["provider"] = "sqlite" },
            ["machines"] = machines,
        };
        options.ConfigureClusterJson?.Invoke(doc);
        var json = doc.ToJsonString();
        await File.WriteAllTextAsync(Path.Combine(root, "cluster.json"), json).ConfigureAwait(false);

        var cluster = new TestCluster(options, ClusterConfigLoader.Parse(json, root), root, owns);
        try
        {
            foreach (var name in cluster.SiloNames)
            {
                await cluster.StartSiloAsync(name).ConfigureAwait(false);
            }
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    /// <summary>Starts (or starts again) silo <paramref name="name"/> on its data directory.</summary>
    public async Task<SiloHost> StartSiloAsync(string name)
    {
        if (_silos.TryGetValue(name, out var existing) && existing.Status == SiloStatus.Running)
        {
            throw new InvalidOperationException($"silo {name} is already running");
        }

        var builder = new SiloHostBuilder(Config, name).UseTimeProvider(_options.TimeProvider);
        if (!_options.UseHttpTransport)
        {
            builder.UseTransport(b => new InMemorySiloTransport(b.Machine.Name, Network));
            builder.Options.EnableGateway = false;
        }

        builder.UseFailFast(reason =>
        {
            Crashes.Enqueue((name, reason));
            _ = KillSiloAsync(name);
        });
        _options.ConfigureSilo?.Invoke(builder);
        var host = builder.Build();
        _silos[name] = host;
        await host.StartAsync().ConfigureAwait(false);
        return host;
    }

    /// <summary>Crashes silo <paramref name="name"/>: nothing is flushed and no grain code runs.</summary>
    public Task KillSiloAsync(string name) => _silos[name].KillAsync();

    /// <summary>Stops silo <paramref name="name"/> in an orderly way.</summary>
    public Task StopSiloAsync(string name) => _silos[name].StopAsync();

    /// <summary>Kills (if running) and starts silo <paramref name="name"/> again on the same data directory.</summary>
    public async Task<SiloHost> RestartSiloAsync(string name)
    {
        if (_silos[name].Status == SiloStatus.Running)
        {
            await _silos[name].KillAsync().ConfigureAwait(false);
        }

        return await StartSiloAsync(name).ConfigureAwait(false);
    }

    /// <summary>A new client using the named silos' gateways in order (all silos when none are named).</summary>
    public IClusterClient CreateClient(params string[] gateways)
    {
        var names = gateways.Length == 0 ? SiloNames : gateways;
        var connections = names.Select(CreateGatewayConnection).ToList();
        var client = new ClusterClient(connections, new ClusterClientOptions { CallTimeout = _options.ClientCallTimeout, TimeProvider = _options.TimeProvider });
        _clients.Add(client);
        return client;
    }

    private IGatewayConnection CreateGatewayConnection(string silo)
    {
        if (!_options.UseHttpTransport)
        {
            return new InMemoryGatewayConnection(silo, Network);
        }

        var m = Config.GetMachine(silo);
        return new HttpGatewayConnection(new DnsEndPoint(m.Host, m.GatewayPort));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients)
        {
            await c.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var silo in _silos.Values)
        {
            try
            {
                if (silo.Status == SiloStatus.Running)
                {
                    await silo.StopAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                await silo.KillAsync().ConfigureAwait(false);
            }
        }

        if (_ownsDataRoot)
        {
            try
            {
                Directory.Delete(DataRoot, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS temp cleaner; the test's outcome does not depend on it.
            }
        }
    }

    /// <summary>A TCP port free on loopback right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using Maildriver.Benchmarks.Processes;
using Maildriver.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// Two toy silos as real processes on 127.0.0.1 (this executable in its <c>toy-silo</c> mode): the caller silo and
/// the target silo, and an Orleans client on each one's gateway. Disposing stops the clients, kills both processes by
/// pid and deletes their logs.
/// </summary>
public sealed class ToyCluster : IAsyncDisposable
{
    /// <summary>The caller silo's name in the process list.</summary>
    public const string CallerName = "caller-silo";

    /// <summary>The target silo's name in the process list.</summary>
    public const string TargetName = "target-silo";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly List<SiloProcess> _silos = [];
    private readonly List<IHost> _clients = [];
    private readonly string _folder;

    private ToyCluster(string folder) => _folder = folder;

    /// <summary>A client whose only gateway is the caller silo's: it drives the caller grains.</summary>
    public IClusterClient CallerSide { get; private set; } = null!;

    /// <summary>A client whose only gateway is the target silo's: its calls to <see cref="IEchoGrain"/> go straight to the silo that hosts it.</summary>
    public IClusterClient TargetSide { get; private set; } = null!;

    /// <summary>The two silo processes and this one, named, for <see cref="Load.CpuSample"/>.</summary>
    public IReadOnlyList<(string Name, Process Process)> Processes
        => [.. _silos.Select(s => (s.Name, s.Process)), (Load.CpuUse.ClientName, Process.GetCurrentProcess())];

    /// <summary>Starts the caller silo, then the target silo (which joins it), then connects a client to each.</summary>
    public static async Task<ToyCluster> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "maildriver-bench-runtime-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var cluster = new ToyCluster(folder);
        try
        {
            var ports = LoopbackPorts.Reserve(4);
            var (callerSilo, callerGateway, targetSilo, targetGateway) = (ports[0], ports[1], ports[2], ports[3]);
            await cluster.StartSiloAsync(CallerName, ToySiloRole.Caller, callerSilo, callerGateway, callerSilo, cancellationToken).ConfigureAwait(false);
            await cluster.StartSiloAsync(TargetName, ToySiloRole.Target, targetSilo, targetGateway, callerSilo, cancellationToken).ConfigureAwait(false);
            cluster.CallerSide = await cluster.ConnectAsync(callerGateway, cancellationToken).ConfigureAwait(false);
            cluster.TargetSide = await cluster.ConnectAsync(targetGateway, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.StopAsync(quick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The silos are about to be killed anyway: no goodbye needed.
            }
            finally
            {
                client.Dispose();
            }
        }

        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"  could not delete {_folder}: {ex.Message}");
        }
    }

    private async Task StartSiloAsync(string name, ToySiloRole role, int siloPort, int gatewayPort, int primaryPort, CancellationToken cancellationToken)
    {
        var info = BuiltExecutable.Self().StartInfo(
            _folder,
            "toy-silo",
            "--role", role.ToString(),
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
            "--primary-port", primaryPort.ToString(CultureInfo.InvariantCulture));
        var silo = new SiloProcess(name, () => info, Path.Combine(_folder, name + ".log"));
        _silos.Add(silo);
        silo.Start();
        var ready = silo.LineAsync(line => line == ToySilo.ReadyLine);
        try
        {
            await ready.WaitAsync(StartLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{name} did not start within {StartLimit.TotalSeconds:0} s; its last lines:{Environment.NewLine}{silo.LogTail()}");
        }
    }

    private async Task<IClusterClient> ConnectAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ToySilo.ClusterId;
                    o.ServiceId = ToySilo.ServiceId;
                });

                // A caller's whole window is one call (warm-up and measured window in one turn).
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(5));
            })
            .Build();
        _clients.Add(host);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host.Services.GetRequiredService<IClusterClient>();
    }
}

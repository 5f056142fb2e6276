using System.Collections.Concurrent;
using Maildriver.Client.Connection;
using Maildriver.Clustering.Configuration;
using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Security;
using Maildriver.Clustering.Tests.FaultNet;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Master;
using Maildriver.Grains.Server;
using Maildriver.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Maildriver.Tests.Support;

/// <summary>
/// Maildriver machines MD1..MDn as silos of one Orleans <see cref="InProcessTestCluster"/>, with what the protocol
/// and recovery tests need of the old runtime's test cluster: a generated cluster.json, each machine on its own data
/// directory and database, kills that write nothing more and restarts on the same disk, the fault net between
/// machines (<see cref="Network"/>), the machines' own crashes recorded (<see cref="Crashes"/>), a grain clock the
/// test may own, and the failure detection of a real deployment (Silo/Hosting/FailureDetection).
/// </summary>
public sealed class MachineCluster : IAsyncDisposable
{
    /// <summary>How long the survivors may take to see a killed or stopped machine dead before the test fails.</summary>
    private static readonly TimeSpan DeathNoticed = TimeSpan.FromSeconds(30);

    /// <summary>How long the client learns of a dead gateway at the latest (Orleans: one minute).</summary>
    private static readonly TimeSpan GatewayListRefresh = TimeSpan.FromSeconds(1);

    private readonly MachineClusterOptions _options;
    private readonly Dictionary<string, MachineSilo> _machines;
    private InProcessTestCluster? _cluster;

    private MachineCluster(MachineClusterOptions options, ClusterConfig config, string dataRoot)
    {
        _options = options;
        Config = config;
        DataRoot = dataRoot;
        _machines = config.Machines.Select((m, i) => new MachineSilo(m.Name, i)).ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>The generated cluster configuration (its file is <c>cluster.json</c> in <see cref="DataRoot"/>).</summary>
    public ClusterConfig Config { get; }

    /// <summary>The folder holding cluster.json and every machine's data directory; deleted on dispose.</summary>
    public string DataRoot { get; }

    /// <summary>Machines that crashed themselves on purpose (SiloFailFast), with the reason they gave.</summary>
    public ConcurrentQueue<(string Silo, string Reason)> Crashes { get; } = new();

    /// <summary>The fault net every silo and the client send their grain calls through.</summary>
    public FaultNetwork Network { get; } = new();

    /// <summary>The machine names, MD1 first.</summary>
    public IReadOnlyList<string> SiloNames => Config.Machines.Select(m => m.Name).ToList();

    /// <summary>
    /// The test cluster's one client, outside the cluster (only the front door answers it); it spreads its calls over
    /// the live gateways. To talk to one machine's front door, use <see cref="GetSilo"/>'s grain factory.
    /// </summary>
    public IClusterClient Client => Cluster.Client;

    private InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>Machine <paramref name="name"/>, running or not.</summary>
    public MachineSilo GetSilo(string name)
        => _machines.TryGetValue(name, out var machine) ? machine : throw new ArgumentException($"no machine is named {name}", nameof(name));

    /// <summary>Whether machine <paramref name="name"/> runs.</summary>
    public bool IsRunning(string name) => GetSilo(name).IsRunning;

    /// <summary>Writes cluster.json into a fresh folder and starts every machine; stops what started if one fails.</summary>
    public static async Task<MachineCluster> StartAsync(MachineClusterOptions? options = null)
    {
        options ??= new MachineClusterOptions();
        var root = Path.Combine(Path.GetTempPath(), "maildriver-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var json = MachineClusterJson.Create(options).ToJsonString();
        await File.WriteAllTextAsync(Path.Combine(root, "cluster.json"), json);

        var cluster = new MachineCluster(options, ClusterConfigLoader.Parse(json, root), root);
        try
        {
            cluster._cluster = cluster.Build();
            await cluster.Cluster.DeployAsync();
            await cluster.StartMachinesAsync();
            await cluster.Cluster.InitializeClientAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>
    /// Starts every machine, the initial Master last: a Master's Caretaker puts a machine that does not answer its
    /// pulses within a second on the Dead Machine List, and a silo of a loaded two-core machine may take longer than
    /// that to start, which would make a test's cluster begin with another Lieutenant than cluster.json names. The
    /// others wait for the Master to come up, as they would on a real cluster started in any order.
    /// </summary>
    private async Task StartMachinesAsync()
    {
        var master = ClusterOptions.Protocol(Config).InitialMaster;
        await Task.WhenAll(SiloNames.Where(m => m != master).Select(m => Task.Run(() => StartSiloAsync(m))));
        await StartSiloAsync(master);
    }

    /// <summary>Starts machine <paramref name="name"/> again on its data directory, once any kill of it has finished.</summary>
    public async Task<MachineSilo> StartSiloAsync(string name)
    {
        var machine = GetSilo(name);
        await machine.Stopped;
        if (machine.IsRunning)
        {
            throw new InvalidOperationException($"{name} is already running");
        }

        machine.Runs(await Cluster.StartSiloAsync(machine.Instance, Cluster.Options));
        return machine;
    }

    /// <summary>
    /// Crashes machine <paramref name="name"/>: its database refuses every further write at once (what survives is
    /// what was committed), then its silo goes with Orleans's kill, which closes its connections, so calls in flight
    /// to it fail and new ones are refused, as the kernel does for a process killed with -9. Returns once every other
    /// running machine's membership sees the silo dead, as the old runtime's kill returned once the silo was gone.
    /// </summary>
    /// <remarks>
    /// Orleans's kill is announced: the dying silo writes its own death into the membership table, where a process
    /// killed with -9 would be found dead by the others' probes a second or two later. The protocol does not read
    /// Orleans's membership (it finds dead machines by its own pulses), so this shortens only the time in which calls
    /// to the dead machine's grains fail with connection errors before they fail with MachineUnavailableException;
    /// the process tests kill real processes for the rest. An unannounced kill (the victim's membership table cut off
    /// first, as Clustering.Tests' crashes do) was measured: InProcessTestCluster's kill then took about 121 s, three
    /// times in three, retrying to write the silo's own death; the announced one returns in 10-230 ms.
    /// </remarks>
    public Task KillSiloAsync(string name) => TakeDownAsync(GetSilo(name), graceful: false);

    /// <summary>Stops machine <paramref name="name"/> in an orderly way (its grains deactivate, its ports close).</summary>
    public Task StopSiloAsync(string name) => TakeDownAsync(GetSilo(name), graceful: true);

    /// <summary>Kills machine <paramref name="name"/> if it runs, then starts it again on the same data directory.</summary>
    public async Task<MachineSilo> RestartSiloAsync(string name)
    {
        await KillSiloAsync(name);
        return await StartSiloAsync(name);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Network.Heal();
        try
        {
            if (_cluster is not null)
            {
                // Killed, not stopped: the test is over, and an orderly stop of every grain only costs time. A machine
                // already down (a crash of its own, say) gives its last take-down, whose failure is the test's too.
                await Task.WhenAll(_machines.Values.Select(m => TakeDownAsync(m, graceful: false, waitForSurvivors: false)));
            }
        }
        finally
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }

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

    private InProcessTestCluster Build()
    {
        // No silo at deployment: StartMachinesAsync starts them in an order of its own, then the client.
        var builder = new InProcessTestClusterBuilder(0);
        builder.Options.InitializeClientOnDeploy = false;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((silo, host) =>
        {
            // InProcessTestCluster names silo n "Silo_n" and copies this name into SiloOptions after our delegates.
            silo.SiloName = MachineName(silo.SiloName);
            ConfigureHost(GetSilo(silo.SiloName), host);
        });
        builder.ConfigureClient(client =>
        {
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = FailureDetection.ResponseTimeout);
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefresh);
            client.AddFaultNet(Network);
        });
        return builder.Build();
    }

    private void ConfigureHost(MachineSilo machine, IHostApplicationBuilder host)
    {
        if (!ReferenceEquals(_options.TimeProvider, TimeProvider.System))
        {
            // The grain clock is the test's; Orleans's membership, messaging and collection keep real time.
            host.Services.AddSingleton(_options.TimeProvider);
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        }

        FileLoggerProvider.AddFromEnvironment(host.Logging);
        host.UseOrleans(silo => ConfigureMachine(machine, silo));
    }

    // What Silo/Hosting/MachineSiloBuilder.UseMachine does for a real machine, less what InProcessTestCluster owns
    // (endpoints, membership table, transport) and less the exit on Orleans's fatal errors (it would end the test run).
    private void ConfigureMachine(MachineSilo machine, ISiloBuilder silo)
    {
        var setup = new MachineSiloSetup(machine.Name, silo);
        _options.ConfigureSilo?.Invoke(setup);

        silo.Configure<ClusterMembershipOptions>(FailureDetection.Apply);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = FailureDetection.ResponseTimeout);
        silo.AddMachinePlacement();
        silo.AddFrontDoor<IMailServer>(o => o.ClusterSecret = Config.ClusterSecret);
        silo.AddFaultNet(Network);
        // Client.Tui's FailoverMailServer implements IMailServer, so Orleans takes it for a second grain class of that
        // interface in any process that loads Client.Tui, as this one does for the reader's tests; a real silo never
        // loads the client.
        silo.Services.PostConfigure<GrainTypeOptions>(o => o.Classes.RemoveWhere(c => c.Assembly == typeof(FailoverClient).Assembly));
        silo.AddMachine(new MachineSettings(Config, machine.Name)
        {
            DatabaseWrapper = database =>
            {
                machine.Database = database;
                return setup.DatabaseWrapper?.Invoke(database) ?? database;
            },
            FailFast = reason => CrashItself(machine, reason),
        });
        if (_options.AdminPassword is { } password)
        {
            // What MAILDRIVER_ADMIN_PASSWORD is to a real machine, without touching the test process's environment:
            // configured after the machine's own binding, so it wins.
            silo.Services.Configure<AdminBootstrapOptions>(o => o.Password = password);
        }
    }

    // SiloFailFast in a test: what a real machine does with exit code 70, a kill, recorded with its reason.
    private void CrashItself(MachineSilo machine, string reason)
    {
        lock (machine)
        {
            if (machine.Handle is null)
            {
                // Already going down (a kill makes writes fail, and a grain may call this on the way): not a crash of its own.
                return;
            }

            // Down first, then recorded: a test that sees the crash may start the machine again at once. The take-down
            // is observed by whoever waits for the machine next: StartSiloAsync, another take-down, DisposeAsync.
            _ = TakeDownAsync(machine, graceful: false);
        }

        Crashes.Enqueue((machine.Name, reason));
    }

    private Task TakeDownAsync(MachineSilo machine, bool graceful, bool waitForSurvivors = true)
    {
        lock (machine)
        {
            if (machine.Handle is not { } handle)
            {
                return machine.Stopped;
            }

            if (!graceful)
            {
                machine.Database?.Kill();
            }

            // Down at once for the test; the silo goes apart from the caller's context, which may be a grain turn of
            // the dying silo itself (a crash of its own).
            machine.Runs(null);
            machine.Stopped = Task.Run(() => GoAsync(machine, handle, graceful, waitForSurvivors));
            return machine.Stopped;
        }
    }

    private async Task GoAsync(MachineSilo machine, InProcessSiloHandle handle, bool graceful, bool waitForSurvivors)
    {
        await (graceful ? Cluster.StopSiloAsync(handle) : Cluster.KillSiloAsync(handle));
        if (waitForSurvivors)
        {
            await WaitFor.ConditionAsync(
                () => _machines.Values.Where(m => m.IsRunning).All(m => SeesDead(m, handle.SiloAddress)),
                DeathNoticed,
                $"the running machines to see {machine.Name} ({handle.SiloAddress}) dead");
        }
    }

    private static bool SeesDead(MachineSilo observer, SiloAddress silo)
    {
        try
        {
            var status = observer.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(silo);
            return status is SiloStatus.Dead or SiloStatus.None;
        }
        catch (Exception ex) when (ex is SiloUnavailableException or ObjectDisposedException)
        {
            // The observer went down meanwhile: it has nothing left to see.
            return true;
        }
    }

    /// <summary>"Silo_0" → "MD1": Maildriver numbers its machines from one.</summary>
    private static string MachineName(string testClusterName)
        => $"MD{int.Parse(testClusterName.AsSpan("Silo_".Length), System.Globalization.CultureInfo.InvariantCulture) + 1}";
}

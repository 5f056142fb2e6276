using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Maildriver.Benchmarks.Processes;
using Maildriver.Client.Connection;
using Maildriver.Grains.Server;
using Maildriver.TestSupport;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// Three Maildriver machines as real Maildriver.Silo processes on loopback, on fresh data in a temporary folder,
/// and the clients the benchmark calls them through: the CLI's own <see cref="FailoverClient"/> (an Orleans client on
/// one gateway at a time, moving down its list when that gateway fails). Crash tests kill a machine (SIGKILL) and start
/// it again on its data. Disposing kills the processes and deletes the folder.
/// </summary>
public sealed class LocalMailCluster : IAsyncDisposable
{
    /// <summary>The bootstrap administrator's password (given to the silos in MAILDRIVER_ADMIN_PASSWORD).</summary>
    public const string AdminPassword = "bench-admin-password";

    /// <summary>The name of a machine's SQLite database in its data directory (Grains' DatabaseFileName).</summary>
    public const string DatabaseFileName = "maildriver.db";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<SiloProcess> _processes = [];
    private readonly List<FailoverClient> _clients = [];
    private readonly List<IMailServer> _servers = [];
    private readonly List<IMailServer> _localServers = [];
    private readonly bool _keep;
    private readonly BuiltExecutable _silo;
    private readonly string _configPath;
    private readonly Dictionary<string, string> _environment;

    private LocalMailCluster(
        string folder,
        IReadOnlyList<string> machines,
        IReadOnlyList<DnsEndPoint> gateways,
        IReadOnlyList<DnsEndPoint> dashboards,
        IReadOnlyList<DnsEndPoint> imapPorts,
        IReadOnlyList<DnsEndPoint> smtpPorts,
        bool keep,
        BuiltExecutable silo,
        string configPath,
        Dictionary<string, string> environment)
    {
        Folder = folder;
        Machines = machines;
        Gateways = gateways;
        Dashboards = dashboards;
        ImapPorts = imapPorts;
        SmtpPorts = smtpPorts;
        _keep = keep;
        _silo = silo;
        _configPath = configPath;
        _environment = environment;
    }

    /// <summary>The temporary folder: cluster.json, one data directory and one log per machine.</summary>
    public string Folder { get; }

    /// <summary>The machine names, MD1 first; MD1 is the initial Master, MD2 the Lieutenant.</summary>
    public IReadOnlyList<string> Machines { get; }

    /// <summary>Each machine's gateway.</summary>
    public IReadOnlyList<DnsEndPoint> Gateways { get; }

    /// <summary>Each machine's operators' dashboard (every machine has one, as in a deployment).</summary>
    public IReadOnlyList<DnsEndPoint> Dashboards { get; }

    /// <summary>Each machine's IMAP port (<c>imapPort</c> in its cluster.json entry).</summary>
    public IReadOnlyList<DnsEndPoint> ImapPorts { get; }

    /// <summary>Each machine's SMTP submission port (<c>smtpPort</c>).</summary>
    public IReadOnlyList<DnsEndPoint> SmtpPorts { get; }

    /// <summary>A token of the bootstrap administrator.</summary>
    public string AdminToken { get; private set; } = string.Empty;

    /// <summary>
    /// The client API through a ClusterClient whose gateways are all three, machine <paramref name="machine"/>'s first:
    /// what a user connected to that machine has, failover included.
    /// </summary>
    public IMailServer Server(int machine) => _servers[machine];

    /// <summary>The client API of machine <paramref name="machine"/> only (no failover), for per-machine checks.</summary>
    public IMailServer LocalServer(int machine) => _localServers[machine];

    /// <summary>The silo processes and this one, named, for <see cref="Load.CpuSample"/>.</summary>
    public IReadOnlyList<(string Name, Process Process)> Processes
        => [.. _processes.Select(p => (p.Name, p.Process)), (Load.CpuUse.ClientName, Process.GetCurrentProcess())];

    /// <summary>Writes the configuration, starts the machines and waits until an admin login works on every gateway.</summary>
    /// <param name="silo">What to run.</param>
    /// <param name="machineCount">How many machines.</param>
    /// <param name="logLevel">The silos' MAILDRIVER_LOG_LEVEL, or null for their default.</param>
    /// <param name="keep">Keep the folder after the run.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<LocalMailCluster> StartAsync(BuiltExecutable silo, int machineCount, string? logLevel, bool keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var folder = Path.Combine(Path.GetTempPath(), "maildriver-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var names = LoopbackMachines.Names(machineCount);
        // Each machine's data directory is the folder's MDn, beside its log.
        var machines = LoopbackMachines.Create(names, name => name);
        var gateways = LoopbackMachines.Ports(machines, "gatewayPort").Select(port => new DnsEndPoint("127.0.0.1", port)).ToList();
        var dashboards = LoopbackMachines.Ports(machines, "dashboardPort").Select(port => new DnsEndPoint("127.0.0.1", port)).ToList();
        // Every machine opens IMAP and SMTP submission as a deployment's do (issue 17's imap scenario uses them); an
        // idle listener costs the other scenarios nothing. Reserved apart from the machines' own ports, so as many
        // again are asked for and those already given skipped.
        var taken = new[] { "siloPort", "gatewayPort", "dashboardPort" }.SelectMany(field => LoopbackMachines.Ports(machines, field)).ToHashSet();
        var mailPorts = LoopbackPorts.Reserve((2 * names.Count) + taken.Count).Where(port => !taken.Contains(port)).Take(2 * names.Count).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            machines[i]!["imapPort"] = mailPorts[2 * i];
            machines[i]!["smtpPort"] = mailPorts[(2 * i) + 1];
        }

        var imapPorts = LoopbackMachines.Ports(machines, "imapPort").Select(port => new DnsEndPoint("127.0.0.1", port)).ToList();
        var smtpPorts = LoopbackMachines.Ports(machines, "smtpPort").Select(port => new DnsEndPoint("127.0.0.1", port)).ToList();
        var configPath = Path.Combine(folder, "cluster.json");
        LoopbackClusterJson.Write(LoopbackClusterJson.Create(machines, Convert.ToHexString(RandomNumberGenerator.GetBytes(24))), configPath);

        var environment = new Dictionary<string, string> { ["MAILDRIVER_ADMIN_PASSWORD"] = AdminPassword };
        if (logLevel is not null)
        {
            environment["MAILDRIVER_LOG_LEVEL"] = logLevel;
        }

        var cluster = new LocalMailCluster(folder, names, gateways, dashboards, imapPorts, smtpPorts, keep, silo, configPath, environment);
        try
        {
            foreach (var name in names)
            {
                var process = new SiloProcess(name, () => silo.SiloStartInfo(configPath, name), cluster.LogPath(cluster._processes.Count), environment);
                cluster._processes.Add(process);
                process.Start();
            }

            for (var i = 0; i < names.Count; i++)
            {
                var order = Enumerable.Range(0, names.Count).Select(k => gateways[(i + k) % names.Count]);
                cluster._servers.Add(cluster.NewClient(order).Server);
                cluster._localServers.Add(cluster.NewClient([gateways[i]]).Server);
            }

            await cluster.WaitForAdminAsync(cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The client API through a new ClusterClient whose gateways are exactly <paramref name="machines"/>, in that order.</summary>
    public IMailServer ServerThrough(params int[] machines) => NewClient(machines.Select(m => Gateways[m])).Server;

    /// <summary>The SQLite database of machine <paramref name="machine"/> (its data directory is named after it).</summary>
    public string DatabasePath(int machine) => Path.Combine(Folder, Machines[machine], DatabaseFileName);

    /// <summary>The log file of machine <paramref name="machine"/> (every start of it appends to the same file).</summary>
    public string LogPath(int machine) => Path.Combine(Folder, Machines[machine] + ".log");

    /// <summary>The index of the machine called <paramref name="name"/>.</summary>
    public int IndexOf(string name)
    {
        var index = Machines.ToList().IndexOf(name);
        return index >= 0 ? index : throw new ArgumentException($"no machine '{name}' in this cluster", nameof(name));
    }

    /// <summary>
    /// Crashes machine <paramref name="machine"/>: SIGKILL (<see cref="Process.Kill(bool)"/>) by process id, no
    /// orderly shutdown, and waits until the process is gone. Its data stays for <see cref="Restart"/>.
    /// </summary>
    public void Kill(int machine)
    {
        _processes[machine].Kill();
    }

    /// <summary>Starts machine <paramref name="machine"/> again on its data (after <see cref="Kill"/>).</summary>
    /// <exception cref="InvalidOperationException">It is still running.</exception>
    public void Restart(int machine)
    {
        if (!_processes[machine].Killed)
        {
            throw new InvalidOperationException($"{Machines[machine]} is still running (pid {_processes[machine].Pid})");
        }

        _processes[machine].Start();
    }

    /// <summary>Waits (bounded) until the Master has nothing pending, then compares the machines' digests.</summary>
    public Task<VerifyReport> QuietAsync() => Server(0).Verify(AdminToken);

    /// <summary>Throws with the silo's last log lines if any machine has died.</summary>
    public void ThrowIfAnyExited()
    {
        // A machine a crash test killed is not a failure.
        foreach (var p in _processes.Where(p => !p.Killed && p.HasExited))
        {
            throw new InvalidOperationException($"Maildriver.Silo {p.Name} (pid {p.Process.Id}) exited; its last lines:{Environment.NewLine}{p.LogTail()}");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        FailoverClient[] clients;
        lock (_clients)
        {
            clients = [.. _clients];
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var process in _processes)
        {
            process.Dispose();
        }

        if (_keep)
        {
            Console.WriteLine($"  kept {Folder}");
            return;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"  could not delete {Folder}: {ex.Message}");
        }
    }

    // The silos' response timeout is 10 s (Silo/Hosting/FailureDetection); the client's is longer, as the CLI's is,
    // so that a call the silo answers slowly (Verify waiting for quiet) fails on the silo's word, not the client's.
    private FailoverClient NewClient(IEnumerable<DnsEndPoint> gateways)
    {
        var client = new FailoverClient(
            [.. gateways.Select(g => new GatewayAddress(g.Host, g.Port))],
            new ClientSettings(GatewayTrust.System) { ResponseTimeout = TimeSpan.FromSeconds(60) });
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    // The Master creates the admin at its first start and replicates it like any user, so a login that works on
    // every gateway means every machine is up and has heard from the Master.
    private async Task WaitForAdminAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Machines.Count; i++)
        {
            while (true)
            {
                ThrowIfAnyExited();
                try
                {
                    var login = await LocalServer(i).Login("admin", AdminPassword).ConfigureAwait(false);
                    AdminToken = login.Token;
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && clock.Elapsed < StartTimeout)
                {
                    // Not listening yet, or the admin has not reached this machine yet.
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

using Maildriver.Client.Connection;

namespace Maildriver.Tests.Support;

/// <summary>
/// N real <c>Maildriver.Silo</c> processes (MD1…MDn) on free loopback ports, sharing a <c>cluster.json</c> in a
/// fresh temporary folder that also holds their data directories and logs. Every process it starts is stopped by
/// its own pid: by <see cref="KillAsync"/>/<see cref="StopAsync"/>, or at the latest by <see cref="DisposeAsync"/>.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await SiloProcessCluster.StartNewAsync(3);
/// var r = await MaildriverCli.RunAsync(["--gateway", cluster.Gateways, "--user", "admin", "--password", SiloProcessCluster.AdminPassword, "poll"]);
/// await cluster.KillAsync("MD3");
/// await cluster.StartAsync("MD3");
/// </code>
/// </example>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    /// <summary>The bootstrap administrator's password (MAILDRIVER_ADMIN_PASSWORD of every machine).</summary>
    public const string AdminPassword = "process-admin-pw";

    private const string ClusterSecret = "process-tests-cluster-secret";
    private const int PortAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Action<JsonObject>? _configure;
    private readonly Dictionary<string, SiloProcess> _silos = new(StringComparer.Ordinal);
    private Dictionary<string, SiloPorts> _ports = new(StringComparer.Ordinal);
    private bool _started;

    /// <param name="machines">How many machines: MD1 is the initial Master, MD2 the initial Lieutenant.</param>
    /// <param name="configure">Changes to <c>cluster.json</c> before it is written, e.g. extra protocol settings.</param>
    public SiloProcessCluster(int machines = 3, Action<JsonObject>? configure = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(machines, 1);
        _configure = configure;
        Folder = Path.Combine(Path.GetTempPath(), "maildriver-procs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
        ConfigPath = Path.Combine(Folder, "cluster.json");
        Machines = LoopbackMachines.Names(machines);
        var environment = new Dictionary<string, string> { ["MAILDRIVER_ADMIN_PASSWORD"] = AdminPassword };
        foreach (var machine in Machines)
        {
            _silos[machine] = new SiloProcess(machine, () => DotnetHost.SiloStartInfo(ConfigPath, machine), Path.Combine(Folder, $"{machine}.log"), environment);
        }

        WriteConfig();
    }

    /// <summary>The folder holding <c>cluster.json</c>, the logs (<c>MDn.log</c>) and the data directories (<c>data/MDn</c>).</summary>
    public string Folder { get; }

    public string ConfigPath { get; }

    public IReadOnlyList<string> Machines { get; }

    /// <summary>Every machine's gateway in order: "127.0.0.1:p1,127.0.0.1:p2,…".</summary>
    public string Gateways => string.Join(',', Machines.Select(Gateway));

    /// <summary>Creates a cluster and starts it; a cluster that fails to start is disposed before the error is thrown.</summary>
    public static async Task<SiloProcessCluster> StartNewAsync(int machines = 3, Action<JsonObject>? configure = null)
    {
        var cluster = new SiloProcessCluster(machines, configure);
        try
        {
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public string Gateway(string machine) => string.Create(CultureInfo.InvariantCulture, $"{(GatewayTls is null ? "" : "https://")}127.0.0.1:{Ports(machine).Gateway}");

    /// <summary>
    /// Set when <c>cluster.json</c> gives the machines TLS certificates: the trust the readiness logins check them
    /// with; <see cref="Gateway"/> then names <c>https://</c> addresses.
    /// </summary>
    public GatewayTrust? GatewayTls { get; set; }

    public SiloPorts Ports(string machine)
        => _ports.TryGetValue(machine, out var ports) ? ports : throw new ArgumentException($"no machine '{machine}' in this cluster", nameof(machine));

    public int? Pid(string machine) => Silo(machine).Pid;

    public bool IsRunning(string machine) => Silo(machine).IsRunning;

    public string LogPath(string machine) => Silo(machine).LogPath;

    public string LogTail(string machine, int lines = 40) => Silo(machine).LogTail(lines);

    /// <summary>The end of every machine's log, for failure messages.</summary>
    public string LogTails(int lines = 25)
        => string.Join('\n', Machines.Select(m => $"----- {m} ({(IsRunning(m) ? $"pid {Pid(m)}" : "not running")}) {LogPath(m)} -----\n{LogTail(m, lines)}"));

    /// <summary>
    /// Starts every machine on a fresh data directory and waits (up to 60 s) until each gateway accepts the admin's
    /// login. If another process took one of the chosen ports meanwhile, it starts over on new ports.
    /// </summary>
    public async Task StartAsync()
    {
        if (_started)
        {
            throw new InvalidOperationException("the cluster was started already; restart single machines with StartAsync(machine)");
        }

        _started = true;
        for (var attempt = 1; ; attempt++)
        {
            foreach (var silo in _silos.Values)
            {
                silo.Start();
            }

            try
            {
                await WaitForLoginAsync(Machines, "admin", AdminPassword);
                return;
            }
            catch (Exception) when (attempt < PortAttempts && _silos.Values.Any(LostAPortRace))
            {
                foreach (var silo in _silos.Values)
                {
                    silo.Kill();
                }

                if (Directory.Exists(Path.Combine(Folder, "data")))
                {
                    Directory.Delete(Path.Combine(Folder, "data"), recursive: true);
                }

                WriteConfig();
            }
        }
    }

    /// <summary>(Re)starts one machine on its existing data directory and waits until its gateway accepts the admin's login.</summary>
    public async Task StartAsync(string machine)
    {
        Silo(machine).Start();
        await WaitForLoginAsync(machine, "admin", AdminPassword);
    }

    /// <summary>
    /// (Re)starts several machines at once on their existing data directories (after <see cref="KillAllAsync"/>, say)
    /// and waits until every one's gateway accepts the admin's login.
    /// </summary>
    public async Task StartAsync(IReadOnlyList<string> machines)
    {
        foreach (var machine in machines)
        {
            Silo(machine).Start();
        }

        await WaitForLoginAsync(machines, "admin", AdminPassword);
    }

    /// <summary>kill -9 of the machine's process tree: a crash, with no chance to tidy up.</summary>
    public Task KillAsync(string machine) => Task.Run(Silo(machine).Kill);

    /// <summary>kill -9 of every running machine at once: the whole cluster crashes (a power cut).</summary>
    public Task KillAllAsync() => Task.WhenAll(_silos.Values.Where(s => s.IsRunning).Select(s => Task.Run(s.Kill)));

    /// <summary>SIGTERM, then waits for the process to exit; returns its exit code.</summary>
    public Task<int> StopAsync(string machine) => Silo(machine).StopAsync();

    /// <summary>Waits until <paramref name="user"/> can log in at every running machine's gateway.</summary>
    public Task WaitForUserAsync(string user, string password, TimeSpan? timeout = null)
        => WaitForLoginAsync(Machines.Where(IsRunning).ToList(), user, password, timeout);

    /// <summary>Waits until <paramref name="user"/> can log in at <paramref name="machine"/>'s gateway.</summary>
    public Task WaitForLoginAsync(string machine, string user, string password, TimeSpan? timeout = null)
        => WaitForLoginAsync([machine], user, password, timeout);

    /// <summary>
    /// Polls a login at each machine's gateway until every one works. Fails at once, with the log, when one of the
    /// processes exits (a machine that cannot start must not cost the whole timeout), else after
    /// <paramref name="timeout"/> (60 s by default) with the last error of each machine still waited for.
    /// </summary>
    public async Task WaitForLoginAsync(IReadOnlyList<string> machines, string user, string password, TimeSpan? timeout = null)
    {
        var limit = timeout ?? ReadyTimeout;
        var deadline = DateTime.UtcNow + limit;
        var waiting = machines.ToDictionary(m => m, _ => "not tried yet", StringComparer.Ordinal);
        var logins = machines.ToDictionary(m => m, m => new SiloProcessLogin(Gateway(m), GatewayTls), StringComparer.Ordinal);
        try
        {
            while (true)
            {
                foreach (var machine in machines.Select(Silo))
                {
                    if (!machine.IsRunning)
                    {
                        throw new InvalidOperationException(
                            $"{machine.Name} {(machine.HasExited ? $"exited with code {machine.ExitCode}" : "is not running")} while waiting for {user}'s login\n{machine.LogTail()}");
                    }
                }

                var attempts = waiting.Keys.Select(async m => (m, error: await logins[m].TryAsync(user, password))).ToList();
                foreach (var (machine, error) in await Task.WhenAll(attempts))
                {
                    if (error is null)
                    {
                        waiting.Remove(machine);
                    }
                    else
                    {
                        waiting[machine] = error;
                    }
                }

                if (waiting.Count == 0)
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException(
                        $"{user}'s login was not accepted within {limit.TotalSeconds:0} s by "
                        + string.Join("; ", waiting.Select(w => $"{w.Key} ({Gateway(w.Key)}): {w.Value}"))
                        + "\n" + LogTails());
                }

                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var login in logins.Values)
            {
                await login.DisposeAsync();
            }
        }
    }

    /// <summary>Kills every process still running (by pid, with its tree) and deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.Values)
        {
            await silo.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable("MAILDRIVER_KEEP_TEST_FOLDERS") == "1")
        {
            return;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 4)
            {
                await Task.Delay(200);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Cleaning a temp folder is not what the test is about; the processes are gone, which is what matters.
                return;
            }
        }
    }

    private SiloProcess Silo(string machine)
        => _silos.TryGetValue(machine, out var silo) ? silo : throw new ArgumentException($"no machine '{machine}' in this cluster", nameof(machine));

    private static bool LostAPortRace(SiloProcess silo)
        => silo.HasExited && silo.LogTail(200).Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    // Picks fresh ports for every machine and writes cluster.json as the contract describes it.
    private void WriteConfig()
    {
        var machines = LoopbackMachines.Create(Machines, machine => $"data/{machine}");
        var silo = LoopbackMachines.Ports(machines, "siloPort");
        var gateway = LoopbackMachines.Ports(machines, "gatewayPort");
        var dashboard = LoopbackMachines.Ports(machines, "dashboardPort");
        _ports = Machines.Select((m, i) => (m, new SiloPorts(silo[i], gateway[i], dashboard[i])))
            .ToDictionary(x => x.m, x => x.Item2, StringComparer.Ordinal);

        var doc = LoopbackClusterJson.Create(machines, ClusterSecret);
        _configure?.Invoke(doc);
        LoopbackClusterJson.Write(doc, ConfigPath);
    }
}

namespace Maildriver.Tests.Support;

/// <summary>
/// A temporary home for deploy/local-cluster.sh: a cluster.json of three machines on free loopback ports, a run
/// folder, and the environment that points the scripts at them (and at this build's binaries), so that a test runs
/// the scripts exactly as the README does without touching a developer's own local cluster or its fixed ports.
/// </summary>
public sealed class LocalClusterFolder : IAsyncDisposable
{
    private LocalClusterFolder(string folder, IReadOnlyList<string> gateways)
    {
        Folder = folder;
        Gateways = gateways;
        Environment = new Dictionary<string, string?>
        {
            ["MAILDRIVER_CLUSTER_CONFIG"] = Path.Combine(folder, "cluster.json"),
            ["MAILDRIVER_RUN_DIR"] = Path.Combine(folder, "run"),
            ["MAILDRIVER_BIN_DIR"] = DotnetHost.ProgramFolder,
            ["DOTNET"] = DotnetHost.Path,
            ["MAILDRIVER_GATEWAYS"] = null,
            ["MAILDRIVER_USER"] = null,
            ["MAILDRIVER_PASSWORD"] = null,
            ["MAILDRIVER_ADMIN_PASSWORD"] = null,
        };
    }

    public string Folder { get; }

    /// <summary>MD1's, MD2's and MD3's gateways, host:port.</summary>
    public IReadOnlyList<string> Gateways { get; }

    /// <summary>What the scripts need to find this cluster (a null value unsets a variable).</summary>
    public Dictionary<string, string?> Environment { get; }

    public static LocalClusterFolder Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "maildriver-local-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var machines = LoopbackMachines.Create(3);
        LoopbackClusterJson.Write(LoopbackClusterJson.Create(machines, "local-cluster-folder-secret"), Path.Combine(folder, "cluster.json"));
        return new LocalClusterFolder(folder, LoopbackMachines.Gateways(machines));
    }

    /// <summary>Runs deploy/<paramref name="script"/> with this cluster's environment.</summary>
    public Task<ProcessResult> ScriptAsync(string script, params string[] args)
        => ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "deploy", script), .. args], null, Environment, TimeSpan.FromSeconds(120), Folder);

    /// <summary>Stops every machine (SIGTERM, as `down` does) and removes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await ScriptAsync("local-cluster.sh", "down");
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A machine still closing its files; the temporary folder is left for the system to clear.
        }
    }
}

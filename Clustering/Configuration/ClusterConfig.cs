using System.Text.Json;

namespace Maildriver.Clustering.Configuration;

/// <summary>
/// The cluster as <c>cluster.json</c> describes it: the machines, their endpoints, the shared secret and the
/// storage provider. Fields the runtime does not know (the application's own, such as the initial Master) stay
/// available in <see cref="Document"/>.
/// </summary>
public sealed class ClusterConfig
{
    /// <summary>
    /// The secret every silo proves it holds on silo-to-silo calls; also signs client tokens (<c>clusterSecret</c>;
    /// required, at least 16 characters).
    /// </summary>
    public required string ClusterSecret { get; init; }

    /// <summary>The machines, in the order the file lists them (<c>machines</c>; required, at least one).</summary>
    public required IReadOnlyList<MachineConfig> Machines { get; init; }

    /// <summary>Where each machine keeps its data (<c>storage</c>; default SQLite in each machine's data directory).</summary>
    public required StorageConfig Storage { get; init; }

    /// <summary>
    /// Where the machines keep Orleans's membership table (the optional <c>membership</c> section; default a SQLite
    /// file, <see cref="MembershipConfig.DefaultFile"/>, beside cluster.json).
    /// </summary>
    public MembershipConfig Membership { get; init; } = new();

    /// <summary>The folder the file was loaded from; relative data directories are resolved against it.</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The whole parsed file, for application-level fields.</summary>
    public JsonElement Document { get; init; }

    /// <summary>The machine with this name, or an error naming it.</summary>
    public MachineConfig GetMachine(string name)
        => Machines.FirstOrDefault(m => m.Name == name)
           ?? throw new ClusterConfigException($"machines: there is no machine named '{name}' (known: {string.Join(", ", Machines.Select(m => m.Name))})");
}

/// <summary>One machine (silo) of the cluster.</summary>
public sealed class MachineConfig
{
    /// <summary>Its name, e.g. <c>MD1</c>; grain keys start with it (<c>name</c>; required, no <c>/</c> or spaces).</summary>
    public required string Name { get; init; }

    /// <summary>Host name or address the other silos and clients reach it at (<c>host</c>; required).</summary>
    public required string Host { get; init; }

    /// <summary>Port for silo-to-silo calls (<c>siloPort</c>; required).</summary>
    public required int SiloPort { get; init; }

    /// <summary>Port for clients (<c>gatewayPort</c>; required).</summary>
    public required int GatewayPort { get; init; }

    /// <summary>Port for the operators' dashboard (<c>dashboardPort</c>; default 0: none).</summary>
    public int DashboardPort { get; init; }

    /// <summary>The machine's data directory, already resolved to an absolute path (<c>dataDir</c>; required, relative to cluster.json's folder).</summary>
    public required string DataDir { get; init; }

    /// <summary>
    /// Its TLS certificate for the gateway and dashboard ports (and the application's own): the machine's own
    /// <c>tls</c>, else the cluster's; null (the default): cleartext.
    /// </summary>
    public TlsConfig? Tls { get; init; }

    /// <summary>The machine's own JSON object, for application-level fields (e.g. POP3 and SMTP ports).</summary>
    public JsonElement Element { get; init; }
}

/// <summary>The storage provider: <c>sqlite</c> (embedded, the default) or <c>postgres</c>.</summary>
public sealed class StorageConfig
{
    /// <summary><c>sqlite</c> or <c>postgres</c> (<c>storage.provider</c>; default <c>sqlite</c>).</summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>For <c>postgres</c>: the connection string, where <c>{machine}</c> stands for the machine name.</summary>
    public string? ConnectionString { get; init; }
}

/// <summary>A configuration file that cannot be used; the message names the field.</summary>
public sealed class ClusterConfigException(string message) : Exception(message);

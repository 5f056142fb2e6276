using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Storage.Database;
using Maildriver.Silo.MailPorts;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// What a silo needs to know to be one Maildriver machine, besides Orleans's own options: the loaded cluster.json and
/// the machine's name. The options the machine's services take are bound from it in the silo's services and checked
/// when the silo starts (<see cref="MaildriverConfig"/>, <see cref="MailPortsConfig"/>), each bad value named by its field.
/// </summary>
public sealed record MachineSettings
{
    /// <summary>Reads machine <paramref name="machine"/>'s options from <paramref name="cluster"/>.</summary>
    /// <param name="cluster">The cluster's configuration (cluster.json).</param>
    /// <param name="machine">This machine's name, e.g. <c>MD2</c>: the silo's name.</param>
    /// <exception cref="ClusterConfigException">No such machine; the message names it.</exception>
    public MachineSettings(ClusterConfig cluster, string machine)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Cluster = cluster;
        Machine = machine;
        MachineConfig = cluster.GetMachine(machine);
    }

    /// <summary>The cluster's configuration (cluster.json).</summary>
    public ClusterConfig Cluster { get; }

    /// <summary>This machine's name, e.g. <c>MD2</c>: the silo's name.</summary>
    public string Machine { get; }

    /// <summary>This machine's entry in <see cref="Cluster"/>.</summary>
    public MachineConfig MachineConfig { get; }

    /// <summary>Wraps the machine's database as it opens (tests: a disk that fills up, a kill that writes nothing more).</summary>
    public Func<ISiloDatabase, ISiloDatabase>? DatabaseWrapper { get; init; }

    /// <summary>What "crash the machine" does (default: a critical log line and exit code 70); tests record it instead.</summary>
    public Action<string>? FailFast { get; init; }
}

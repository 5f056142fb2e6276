using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Silo.Hosting;

/// <summary>What a silo needs to know to be one Maildriver machine, besides Orleans's own options.</summary>
/// <param name="Cluster">The cluster's configuration (cluster.json).</param>
/// <param name="Machine">This machine's name, e.g. <c>MD2</c>: the silo's name.</param>
public sealed record MachineSettings(ClusterConfig Cluster, string Machine)
{
    /// <summary>This machine's entry in <see cref="Cluster"/>.</summary>
    public MachineConfig MachineConfig => Cluster.GetMachine(Machine);

    /// <summary>Wraps the machine's database as it opens (tests: a disk that fills up, a kill that writes nothing more).</summary>
    public Func<ISiloDatabase, ISiloDatabase>? DatabaseWrapper { get; init; }

    /// <summary>What "crash the machine" does (default: a critical log line and exit code 70); tests record it instead.</summary>
    public Action<string>? FailFast { get; init; }
}

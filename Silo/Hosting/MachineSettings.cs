using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Storage.Database;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.Silo.MailPorts;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// What a silo needs to know to be one Maildriver machine, besides Orleans's own options: cluster.json read into the
/// machine's options once, when the settings are made, so that a bad value is refused there, naming its field.
/// </summary>
public sealed record MachineSettings
{
    /// <summary>Reads machine <paramref name="machine"/>'s options from <paramref name="cluster"/>.</summary>
    /// <param name="cluster">The cluster's configuration (cluster.json).</param>
    /// <param name="machine">This machine's name, e.g. <c>MD2</c>: the silo's name.</param>
    /// <exception cref="ClusterConfigException">No such machine, or a bad protocol or mail-port setting; the message names the field.</exception>
    public MachineSettings(ClusterConfig cluster, string machine)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Cluster = cluster;
        Machine = machine;
        MachineConfig = cluster.GetMachine(machine);
        Options = MaildriverConfig.From(cluster);
        MailPorts = MailPortsConfig.From(cluster, Options.MaxLetterBytes);
    }

    /// <summary>The cluster's configuration (cluster.json).</summary>
    public ClusterConfig Cluster { get; }

    /// <summary>This machine's name, e.g. <c>MD2</c>: the silo's name.</summary>
    public string Machine { get; }

    /// <summary>This machine's entry in <see cref="Cluster"/>.</summary>
    public MachineConfig MachineConfig { get; }

    /// <summary>The protocol's settings (<c>initialMaster</c>, <c>initialLieutenant</c>, <c>"protocol"</c>).</summary>
    public MaildriverOptions Options { get; }

    /// <summary>The POP3 and SMTP ports' settings (each machine's ports, <c>"mailPorts"</c>).</summary>
    public MailPortsOptions MailPorts { get; }

    /// <summary>Wraps the machine's database as it opens (tests: a disk that fills up, a kill that writes nothing more).</summary>
    public Func<ISiloDatabase, ISiloDatabase>? DatabaseWrapper { get; init; }

    /// <summary>What "crash the machine" does (default: a critical log line and exit code 70); tests record it instead.</summary>
    public Action<string>? FailFast { get; init; }
}

using Maildriver.Grains.Storage.Database;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Maildriver.Tests.Support;

/// <summary>
/// One machine of a <see cref="MachineCluster"/>: its current silo, if it runs. A restart gives a new silo (a new
/// Orleans generation) under the same machine name and data directory, so take <see cref="Services"/> and
/// <see cref="GrainFactory"/> afresh after one.
/// </summary>
public sealed class MachineSilo
{
    private volatile InProcessSiloHandle? _handle;

    internal MachineSilo(string name, int instance)
    {
        Name = name;
        Instance = instance;
    }

    /// <summary>The machine's name, e.g. <c>MD2</c>: the silo's name.</summary>
    public string Name { get; }

    /// <summary>Whether the machine's silo is up (started, and neither killed nor stopped since).</summary>
    public bool IsRunning => _handle is not null;

    /// <summary>The running silo's address (its generation changes at each restart).</summary>
    public SiloAddress Address => Running().SiloAddress;

    /// <summary>The running silo's services.</summary>
    /// <exception cref="SiloUnavailableException">The machine is down, as a call to it would fail.</exception>
    public IServiceProvider Services => Running().ServiceProvider;

    /// <summary>
    /// The grain factory of code on this machine that is not a grain (its hosted client): calls made through it leave
    /// from this silo, and the front door (<c>IMailServer</c>, a stateless worker) runs here, as for a client of this
    /// machine's gateway.
    /// </summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>InProcessTestCluster's number for this machine (MD1 is 0), kept across restarts.</summary>
    internal int Instance { get; }

    /// <summary>The machine's database as its silo opened it, unwrapped: what a kill stops writing to.</summary>
    internal ISiloDatabase? Database { get; set; }

    /// <summary>The last kill or stop of this machine: done once its silo is gone and the others see it dead.</summary>
    internal Task Stopped { get; set; } = Task.CompletedTask;

    /// <summary>The running silo, or null.</summary>
    internal InProcessSiloHandle? Handle => _handle;

    /// <summary>Records the silo that now runs this machine (null: none).</summary>
    internal void Runs(InProcessSiloHandle? handle) => _handle = handle;

    private InProcessSiloHandle Running()
        => _handle ?? throw new SiloUnavailableException($"{Name} is not running (killed or stopped by the test)");
}

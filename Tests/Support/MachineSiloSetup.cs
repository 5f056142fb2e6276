using Maildriver.Grains.Storage.Database;

namespace Maildriver.Tests.Support;

/// <summary>What a test may change about one machine's silo as a <see cref="MachineCluster"/> (re)starts it.</summary>
/// <param name="machine">The machine's name, e.g. <c>MD2</c>.</param>
/// <param name="silo">The silo being built: add services or options here.</param>
public sealed class MachineSiloSetup(string machine, ISiloBuilder silo)
{
    /// <summary>The machine's name, e.g. <c>MD2</c>.</summary>
    public string Machine => machine;

    /// <summary>The silo being built.</summary>
    public ISiloBuilder Silo => silo;

    /// <summary>Wraps the machine's database as it opens (a disk that fills up, say).</summary>
    public Func<ISiloDatabase, ISiloDatabase>? DatabaseWrapper { get; set; }
}

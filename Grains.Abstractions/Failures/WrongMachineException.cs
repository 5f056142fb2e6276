namespace Maildriver.Clustering.Placement;

/// <summary>
/// A machine-keyed grain was about to be activated on a silo that is not its machine (see
/// the activation check, MachineActivation.EnsureLocal): the activation fails and the grain is never used there.
/// </summary>
[Serializable, GenerateSerializer]
[Alias("Maildriver.WrongMachineException")]
public sealed class WrongMachineException : Exception
{
    /// <summary>The grain <paramref name="grainKey"/> belongs to <paramref name="machine"/> but was placed on <paramref name="silo"/>.</summary>
    public WrongMachineException(string grainKey, string machine, string silo)
        : base($"grain {grainKey} belongs to {machine} and refuses to run on {silo}")
    {
        Machine = machine;
        Silo = silo;
    }

    /// <summary>The machine the grain's key names.</summary>
    [Id(0)]
    public string Machine { get; private set; }

    /// <summary>The silo that tried to activate it.</summary>
    [Id(1)]
    public string Silo { get; private set; }
}

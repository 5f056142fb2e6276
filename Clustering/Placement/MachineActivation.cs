namespace Maildriver.Clustering.Placement;

/// <summary>
/// The last line of defence of <see cref="MachinePlacement"/>: a machine-keyed grain calls
/// <see cref="EnsureLocal(string, string)"/> from OnActivateAsync, so that if it is ever placed elsewhere (another placement by
/// mistake, a migration, a test cluster's shortcuts) its activation fails instead of serving from the wrong machine.
/// </summary>
public static class MachineActivation
{
    /// <summary>
    /// Throws <see cref="WrongMachineException"/> unless the machine <paramref name="grainKey"/> names is this silo
    /// (<see cref="ILocalSiloDetails.Name"/>, which is <see cref="Orleans.Configuration.SiloOptions.SiloName"/>).
    /// </summary>
    public static void EnsureLocal(string grainKey, ILocalSiloDetails localSilo)
    {
        ArgumentNullException.ThrowIfNull(localSilo);
        EnsureLocal(grainKey, localSilo.Name);
    }

    /// <summary>Throws <see cref="WrongMachineException"/> unless the machine <paramref name="grainKey"/> names is <paramref name="siloName"/>.</summary>
    public static void EnsureLocal(string grainKey, string siloName)
    {
        var machine = MachineKey.Of(grainKey);
        if (!string.Equals(machine, siloName, StringComparison.Ordinal))
        {
            throw new WrongMachineException(grainKey, machine, siloName);
        }
    }
}

namespace Maildriver.Grains.Hosting;

/// <summary>
/// "Crash the system" (the paper's section 12): when grain code meets a state it cannot explain, it writes down
/// why and stops the whole silo at once, leaving recovery to the protocol that already copes with dead machines.
/// In a silo process this exits with code 70 (Silo/Hosting/MachineCrash); in a test cluster it kills that silo.
/// </summary>
public sealed class SiloFailFast(Action<string> crash)
{
    /// <summary>Stops the silo now. <paramref name="reason"/> should say what was found and why it cannot be explained.</summary>
    public void Crash(string reason) => crash(reason);
}

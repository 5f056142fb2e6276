using Maildriver.Grains.Hosting;
using Maildriver.Grains.Storage;

namespace Maildriver.Grains.Replica;

/// <summary>
/// What every part of a machine's replica shares: the machine it runs for, its store, the grains it calls, the
/// cluster's options, the clock and the silo's stopping token. Built once per activation by <see cref="ReplicaGrain"/>.
/// </summary>
/// <param name="Machine">The machine this replica is (the grain's key).</param>
/// <param name="Grains">Reaches the other machines' grains and the Master.</param>
/// <param name="Store">This machine's mail.</param>
/// <param name="Options">The cluster's options.</param>
/// <param name="Time">The clock.</param>
/// <param name="Silo">The silo: its name and its stopping token.</param>
internal sealed record ReplicaContext(
    string Machine,
    IGrainFactory Grains,
    MailStore Store,
    MaildriverOptions Options,
    TimeProvider Time,
    SiloIdentity Silo)
{
    /// <summary>Waits one pulse interval, or until the silo stops.</summary>
    public Task PauseAsync() => Task.Delay(Options.PulseInterval, Time, Silo.Stopping);
}

using Maildriver.Grains.Hosting;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Telemetry;

namespace Maildriver.Grains.Master;

/// <summary>
/// What every part of the Master (section 6: "the Master machine actually runs a <i>set</i> of master processes")
/// shares: the machine it runs on, its store, the grains it calls, the cluster's options, the figures, the clock and
/// the silo's stopping token. Built once per activation by <see cref="MasterGrain"/>.
/// </summary>
/// <param name="Machine">The Master's own machine (the grain's key).</param>
/// <param name="Grains">Reaches the machines' replicas and Lieutenants.</param>
/// <param name="Store">This machine's store: the Master directory's copies of letters in mid-delivery.</param>
/// <param name="Options">The cluster's options.</param>
/// <param name="Metrics">The figures for Prometheus: deliveries, catch-up, takeovers.</param>
/// <param name="Time">The clock.</param>
/// <param name="Silo">The silo: its name and its stopping token.</param>
internal sealed record MasterContext(
    string Machine,
    IGrainFactory Grains,
    MailStore Store,
    MaildriverOptions Options,
    MaildriverMetrics Metrics,
    TimeProvider Time,
    SiloIdentity Silo)
{
    /// <summary>Machine <paramref name="machine"/>'s replica.</summary>
    public IReplicaGrain Replica(string machine) => Grains.GetGrain<IReplicaGrain>(machine);

    /// <summary>Waits one pulse interval, or until the silo stops.</summary>
    public Task PauseAsync() => Task.Delay(Options.PulseInterval, Time, Silo.Stopping);
}

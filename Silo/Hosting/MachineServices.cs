using Maildriver.Grains.Hosting;
using Maildriver.Silo.Dashboard;
using Maildriver.Silo.MailPorts;
using Orleans.Hosting;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// The machine itself on a silo: the grains' services, the dashboard and the mail ports. What a real machine
/// (<see cref="MachineSiloBuilder.UseMachine"/>) and the tests' in-process clusters share; the rest of a silo's set-up
/// (endpoints, membership, transport) differs between them.
/// </summary>
public static class MachineServices
{
    /// <summary>
    /// Adds machine <see cref="MachineSettings.Machine"/>'s services, with their options bound from the settings'
    /// cluster.json and validated when the silo starts.
    /// </summary>
    public static ISiloBuilder AddMachine(this ISiloBuilder silo, MachineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        silo.AddMaildriver(settings);

        // The order of the start-up work of the Active stage is the one the machine always had: the dashboard's web
        // server begins to open, then the Replica starts ("I'm here!"). A client that can log in finds the dashboard's
        // port open, or nearly. POP3, SMTP and IMAP open in the next stage, once the Replica has started.
        silo.AddMaildriverDashboard();
        silo.StartReplica(settings);
        return silo.AddMailPorts(settings.Cluster, settings.MachineConfig, ReplicaStart.Started);
    }
}

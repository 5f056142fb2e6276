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
    /// <summary>Adds machine <see cref="MachineSettings.Machine"/>'s services; a bad setting throws naming its field.</summary>
    public static ISiloBuilder AddMachine(this ISiloBuilder silo, MachineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = MaildriverConfig.From(settings.Cluster);
        silo.AddMaildriver(settings);
        silo.AddMaildriverDashboard();

        // POP3 and SMTP open after the machine's own start (AddMaildriver's start-up task comes first).
        return silo.AddMailPorts(MailPortsConfig.From(settings.Cluster, options.MaxLetterBytes), settings.MachineConfig);
    }
}

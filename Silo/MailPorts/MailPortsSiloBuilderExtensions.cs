using Maildriver.Clustering.Configuration;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.MailPorts;
using Maildriver.MailPorts.Imap.Session;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Maildriver.Silo.MailPorts;

/// <summary>Adds POP3 and SMTP to a machine (issue 9).</summary>
public static class MailPortsSiloBuilderExtensions
{
    /// <summary>
    /// Opens the machine's mail ports after the machine's own start, on the machines that have them. The machine's
    /// services (its <see cref="Grains.Hosting.SiloReadiness"/> and <see cref="Grains.Storage.MailStore"/>) must be
    /// added first, with the protocol's options.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="cluster">The configuration the ports' options are bound from (<see cref="MailPortsConfig"/>).</param>
    /// <param name="machine">This machine.</param>
    /// <param name="stage">
    /// The lifecycle stage the ports open in: one after the machine's own start, so that a machine to be rebuilt is
    /// already holding clients back when they open (and the IMAP warm-up, which only runs on a machine that serves
    /// clients, runs on every other start).
    /// </param>
    public static ISiloBuilder AddMailPorts(this ISiloBuilder builder, ClusterConfig cluster, MachineConfig machine, int stage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(machine);
        builder.Services.AddMailPortsOptions(cluster);

        // The grains write the letters the CLI and the reader send with the same domain the ports address users by.
        builder.Services.AddSingleton(sp => sp.GetRequiredService<MailPortsOptions>().Mailbox.MailDomain);
        builder.Services.AddSingleton(new MailPortsMachine(machine.Name, machine.Host, () => machine.Tls?.LoadCertificate(), machine.DataDir));
        builder.Services.AddSingleton<IMachineReadiness, MailPortsReadiness>();
        builder.Services.AddSingleton<IMailRecipients, StoreRecipients>();
        builder.Services.AddSingleton<IWarmUpLogin, StoreWarmUpLogin>();
        builder.Services.AddSingleton<MailPortsService>();
        builder.AddStartupTask((services, stopping) => services.GetRequiredService<MailPortsService>().StartAsync(stopping), stage);
        return builder;
    }
}

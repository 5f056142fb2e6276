using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Maildriver.Grains.MailPorts;

/// <summary>Adds POP3 and SMTP to a machine (issue 9).</summary>
public static class MailPortsSiloBuilderExtensions
{
    /// <summary>Opens the machine's mail ports after the machine's own start, on the machines that have them.</summary>
    public static ISiloBuilder AddMailPorts(this ISiloBuilder builder, MailPortsOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<MailPortsService>();
        builder.AddStartupTask((services, stopping) => services.GetRequiredService<MailPortsService>().StartAsync(stopping));
        return builder;
    }
}

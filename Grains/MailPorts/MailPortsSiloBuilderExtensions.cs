using Maildriver.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Grains.MailPorts;

/// <summary>Gives a Maildriver machine its POP3 and SMTP submission ports.</summary>
public static class MailPortsSiloBuilderExtensions
{
    /// <summary>
    /// Registers the mail ports with <paramref name="options"/> and opens them, if the machine has any, as a
    /// startup task: after the tasks registered before it, so call it after the machine's own start.
    /// </summary>
    public static SiloHostBuilder AddMailPorts(this SiloHostBuilder builder, MailPortsOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<MailPortsService>();
        builder.AddStartupTask((services, stopping) => services.GetRequiredService<MailPortsService>().StartAsync(stopping));
        return builder;
    }
}

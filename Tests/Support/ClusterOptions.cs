using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.Silo.Hosting;
using Maildriver.Silo.MailPorts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maildriver.Tests.Support;

/// <summary>
/// The options a silo binds from cluster.json, registered as the silo registers them (Silo/Hosting/MaildriverConfig,
/// Silo/MailPorts/MailPortsConfig) and validated as its start validates them (<c>ValidateOnStart</c>).
/// </summary>
internal static class ClusterOptions
{
    /// <summary>The protocol's options; throws as the silo's start would on a bad value.</summary>
    public static MaildriverOptions Protocol(ClusterConfig cluster) => Get<MaildriverOptions>(cluster);

    /// <summary>The mail ports' options; throws as the silo's start would on a bad value.</summary>
    public static MailPortsOptions MailPorts(ClusterConfig cluster) => Get<MailPortsOptions>(cluster);

    /// <summary>
    /// What the silo's start would say of <paramref name="cluster"/>'s options: the host's start-up validation
    /// (<see cref="IStartupValidator"/>, which <c>ValidateOnStart</c> feeds) run alone, as the host runs it first; null
    /// when every option passes.
    /// </summary>
    public static string? StartFailure(ClusterConfig cluster)
    {
        using var services = Services(cluster);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (Exception ex) when (ConfigurationFailure.Describe(ex) is { } failure)
        {
            return failure;
        }
    }

    private static T Get<T>(ClusterConfig cluster)
        where T : class
    {
        using var services = Services(cluster);
        services.GetRequiredService<IStartupValidator>().Validate();
        return services.GetRequiredService<T>();
    }

    private static ServiceProvider Services(ClusterConfig cluster)
        => new ServiceCollection().AddMaildriverOptions(cluster).AddMailPortsOptions(cluster).BuildServiceProvider();
}

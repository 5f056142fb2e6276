using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Maildriver.MailPorts.LineProtocol;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Silo.MailPorts;

/// <summary>
/// <see cref="MailPortsOptions"/> from <c>cluster.json</c>, through the options pattern: bound by
/// <see cref="MailPortsOptionsBinder"/>, checked by <see cref="MailPortsOptionsValidator"/> when the host starts.
/// </summary>
public static class MailPortsConfig
{
    /// <summary>
    /// Adds the mail ports' options, bound from <paramref name="cluster"/> and validated on start; a bad value fails the
    /// host's start naming its field. The largest message is the protocol's <c>maxLetterBytes</c>: the protocol's
    /// <see cref="MaildriverOptions"/> must be added too (Silo/Hosting/MaildriverConfig).
    /// </summary>
    public static IServiceCollection AddMailPortsOptions(this IServiceCollection services, ClusterConfig cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        services.AddClusterJsonOptions(new MailPortsOptionsValidator(cluster))
            .Configure<MaildriverOptions>((o, protocol) => MailPortsOptionsBinder.Bind(cluster, protocol.MaxLetterBytes, o));
        return services;
    }
}

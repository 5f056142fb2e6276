using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Mime;
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

    /// <summary>
    /// The mail domain alone (<c>mailPorts.mailDomain</c>, else the default): what the store's letters are written
    /// with, for the tools that open a store without starting a machine (restore).
    /// </summary>
    public static MailDomain DomainOf(ClusterConfig cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return ClusterJsonFields.Section(cluster.Document, "mailPorts", "{ \"mailDomain\": \"campus.example.edu\" }") is { } o
               && o.TryGetProperty("mailDomain", out _)
            ? new MailDomain(MailPortsOptionsBinder.Domain(o))
            : MailDomain.Default;
    }
}

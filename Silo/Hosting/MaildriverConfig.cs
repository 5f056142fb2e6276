using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// <see cref="MaildriverOptions"/> from <c>cluster.json</c>, through the options pattern: bound by
/// <see cref="MaildriverOptionsBinder"/>, checked by <see cref="MaildriverOptionsValidator"/> when the host starts. Here
/// and not in Grains/, which is handed its options.
/// </summary>
public static class MaildriverConfig
{
    /// <summary>
    /// Adds the protocol's options, bound from <paramref name="cluster"/> and validated on start; a bad value fails the
    /// host's start with an <see cref="OptionsValidationException"/> (or, for a value of the wrong JSON type, a
    /// <see cref="ClusterConfigException"/>) naming its field. The grains take <see cref="MaildriverOptions"/> itself.
    /// </summary>
    public static IServiceCollection AddMaildriverOptions(this IServiceCollection services, ClusterConfig cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        services.AddClusterJsonOptions(new MaildriverOptionsValidator())
            .Configure(o => MaildriverOptionsBinder.Bind(cluster, o));
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Configuration;

/// <summary>
/// The one way options are taken from <c>cluster.json</c>: through the options pattern, judged by a validator whose
/// failures name the file's fields, checked when the host starts (<c>ValidateOnStart</c>), before anything is written.
/// </summary>
public static class ClusterJsonOptions
{
    /// <summary>
    /// Adds options <typeparamref name="T"/> judged by <paramref name="validator"/> on start, and <typeparamref name="T"/>
    /// itself as a singleton for the services that take their options as they are. The caller binds them from the file
    /// with the builder's <c>Configure</c> (a binder that throws <see cref="ClusterConfigException"/>, naming the field,
    /// for a value of the wrong JSON type).
    /// </summary>
    public static OptionsBuilder<T> AddClusterJsonOptions<T>(this IServiceCollection services, IValidateOptions<T> validator)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(validator);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services.AddOptions<T>().ValidateOnStart();
    }
}

using Maildriver.Clustering.Configuration;
using Microsoft.Extensions.Options;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Tells a bad configuration from other failures of a silo's start. Options are bound when the host starts and
/// validated there (<c>ValidateOnStart</c>): a value that cannot be bound throws <see cref="ClusterConfigException"/>;
/// values that fail validation throw <see cref="OptionsValidationException"/>, several types' failures together in an
/// <see cref="AggregateException"/>. Every message names its <c>cluster.json</c> field.
/// </summary>
public static class ConfigurationFailure
{
    /// <summary>What is wrong with the configuration, in one line; null when <paramref name="error"/> is no configuration error.</summary>
    public static string? Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var failures = new List<string>();
        return Collect(error, failures) ? string.Join("; ", failures.Distinct(StringComparer.Ordinal)) : null;
    }

    private static bool Collect(Exception error, List<string> failures)
    {
        switch (error)
        {
            case ClusterConfigException config:
                failures.Add(config.Message);
                return true;
            case OptionsValidationException validation:
                failures.AddRange(validation.Failures);
                return true;
            case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                // A validator that cannot even bind its options reports it as it would have the validation's failures.
                return aggregate.InnerExceptions.All(inner => Collect(inner, failures));
            default:
                return false;
        }
    }
}

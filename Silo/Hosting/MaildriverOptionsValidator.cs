using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Refuses <see cref="MaildriverOptions"/> the protocol cannot run with, each failure naming its <c>cluster.json</c>
/// field. Run when the silo starts (<c>ValidateOnStart</c>), before the machine writes anything.
/// </summary>
internal sealed class MaildriverOptionsValidator : IValidateOptions<MaildriverOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MaildriverOptions options)
    {
        var failures = new FieldFailures();
        var known = $"({string.Join(", ", options.Machines)})";
        if (!options.Machines.Contains(options.InitialMaster))
        {
            failures.Add($"initialMaster: must name one of the machines {known}");
        }

        if (!options.Machines.Contains(options.InitialLieutenant))
        {
            failures.Add($"initialLieutenant: must name one of the machines {known}");
        }
        else if (options.Machines.Count > 1 && options.InitialLieutenant == options.InitialMaster)
        {
            failures.Add("initialLieutenant: must be a different machine from initialMaster");
        }

        failures.Positive(options.ReceiveWait > TimeSpan.Zero, "protocol.receiveWaitMs");
        failures.Positive(options.MaxLetterBytes > 0, "protocol.maxLetterBytes");
        failures.Positive(options.PulseInterval > TimeSpan.Zero, "protocol.pulseIntervalMs");
        failures.Positive(options.NoPulseTimeout > TimeSpan.Zero, "protocol.noPulseTimeoutMs");
        failures.Positive(options.TokenLifetime > TimeSpan.Zero, "protocol.tokenLifetimeSeconds");
        failures.Positive(options.PasswordIterations > 0, "protocol.passwordIterations");
        return failures.Result;
    }
}

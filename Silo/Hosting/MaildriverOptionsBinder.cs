using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Binds <see cref="MaildriverOptions"/> from <c>cluster.json</c>: the machines, <c>initialMaster</c>,
/// <c>initialLieutenant</c> and the optional <c>"protocol"</c> object. A field that is absent leaves its default; one of
/// the wrong JSON type cannot be bound and throws, naming it; the values bound are judged by
/// <see cref="MaildriverOptionsValidator"/>.
/// </summary>
internal static class MaildriverOptionsBinder
{
    /// <summary>An example of the <c>"protocol"</c> object, for the message when it is something else.</summary>
    private const string ProtocolExample = "{ \"pulseIntervalMs\": 400 }";

    /// <summary>Sets <paramref name="options"/> from <paramref name="cluster"/>.</summary>
    /// <exception cref="ClusterConfigException">A field has the wrong JSON type; the message names it.</exception>
    public static void Bind(ClusterConfig cluster, MaildriverOptions options)
    {
        var machines = cluster.Machines.Select(m => m.Name).ToList();
        var doc = cluster.Document;
        options.Machines = machines;
        options.InitialMaster = ClusterJsonFields.Text(doc, "initialMaster") ?? machines[0];
        options.InitialLieutenant = ClusterJsonFields.Text(doc, "initialLieutenant")
                                    ?? machines.FirstOrDefault(m => m != options.InitialMaster)
                                    ?? options.InitialMaster;
        if (ClusterJsonFields.Section(doc, "protocol", ProtocolExample) is not { } p)
        {
            return;
        }

        var ms = TimeSpan.FromMilliseconds(1);
        options.ReceiveWait = ClusterJsonFields.Duration(p, "receiveWaitMs", "protocol.receiveWaitMs", ms) ?? options.ReceiveWait;
        options.MaxLetterBytes = ClusterJsonFields.Int64(p, "maxLetterBytes", "protocol.maxLetterBytes") ?? options.MaxLetterBytes;
        options.PulseInterval = ClusterJsonFields.Duration(p, "pulseIntervalMs", "protocol.pulseIntervalMs", ms) ?? options.PulseInterval;
        options.NoPulseTimeout = ClusterJsonFields.Duration(p, "noPulseTimeoutMs", "protocol.noPulseTimeoutMs", ms) ?? options.NoPulseTimeout;
        options.TokenLifetime = ClusterJsonFields.Duration(p, "tokenLifetimeSeconds", "protocol.tokenLifetimeSeconds", TimeSpan.FromSeconds(1)) ?? options.TokenLifetime;

        // More than int.MaxValue iterations is a hash nobody waits for; the most there is will do.
        if (ClusterJsonFields.Int64(p, "passwordIterations", "protocol.passwordIterations") is { } iterations)
        {
            options.PasswordIterations = (int)Math.Clamp(iterations, int.MinValue, int.MaxValue);
        }
    }
}

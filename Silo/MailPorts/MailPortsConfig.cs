using System.Globalization;
using System.Text.Json;
using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Mime;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.MailPorts.Addresses;

namespace Maildriver.Silo.MailPorts;

/// <summary>
/// Reads <see cref="MailPortsOptions"/> from <c>cluster.json</c>: each machine's optional <c>pop3Port</c> and
/// <c>smtpPort</c>, and the optional top-level <c>"mailPorts"</c> object. Here and not in MailPorts/, which knows
/// nothing of the configuration file.
/// </summary>
public static class MailPortsConfig
{
    // Messages are held in memory while they are read; arrays stop at 2 GiB, and nobody mails a gigabyte.
    private const long MessageBytesCeiling = 1L << 30;

    /// <summary>Reads and checks the settings; a bad value throws <see cref="ClusterConfigException"/> naming its field.</summary>
    /// <param name="cluster">The loaded configuration.</param>
    /// <param name="maxLetterBytes">The protocol's <c>maxLetterBytes</c>: the largest message SMTP accepts.</param>
    public static MailPortsOptions From(ClusterConfig cluster, long maxLetterBytes)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var ports = ReadPorts(cluster);
        var maxMessage = (int)Math.Min(maxLetterBytes, MessageBytesCeiling);
        var doc = cluster.Document;
        if (doc.ValueKind != JsonValueKind.Object || !doc.TryGetProperty("mailPorts", out var o))
        {
            return new MailPortsOptions { MaxMessageBytes = maxMessage, Ports = ports };
        }

        if (o.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConfigException("mailPorts: must be an object such as { \"mailDomain\": \"campus.example.edu\" }");
        }

        var defaults = new MailPortsOptions();
        var commandBytes = Number(o, "maxCommandBytes", defaults.MaxCommandBytes);
        if (commandBytes is < MailPortsOptions.MinCommandBytes or > MailPortsOptions.MaxCommandBytesCeiling)
        {
            throw new ClusterConfigException($"mailPorts.maxCommandBytes: must be from {MailPortsOptions.MinCommandBytes} to {MailPortsOptions.MaxCommandBytesCeiling}");
        }

        return new MailPortsOptions
        {
            Mailbox = new LocalMailbox(Domain(o)),
            IdleTimeout = TimeSpan.FromSeconds(Number(o, "idleTimeoutSeconds", (int)defaults.IdleTimeout.TotalSeconds)),
            MaxConnections = Number(o, "maxConnections", defaults.MaxConnections),
            MaxCommandBytes = commandBytes,
            MaxRecipients = Number(o, "maxRecipients", defaults.MaxRecipients),
            MaxMessageBytes = maxMessage,
            Ports = ports,
        };
    }
    // Every port must be free on its host: a POP3 port equal to some machine's gateway port would only fail later,
    // as "address already in use", without saying which field is wrong.
    private static Dictionary<string, MachineMailPorts> ReadPorts(ClusterConfig cluster)
    {
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < cluster.Machines.Count; i++)
        {
            var m = cluster.Machines[i];
            foreach (var (field, port) in (ReadOnlySpan<(string, int)>)[("siloPort", m.SiloPort), ("gatewayPort", m.GatewayPort), ("dashboardPort", m.DashboardPort)])
            {
                if (port > 0)
                {
                    taken.TryAdd($"{m.Host}:{port}", $"{PathOf(i)}.{field}");
                }
            }
        }

        var result = new Dictionary<string, MachineMailPorts>(StringComparer.Ordinal);
        for (var i = 0; i < cluster.Machines.Count; i++)
        {
            var m = cluster.Machines[i];
            var ports = m.Element.ValueKind == JsonValueKind.Object
                ? new MachineMailPorts(
                    ClusterConfigLoader.Port(m.Element, "pop3Port", $"{PathOf(i)}.pop3Port", required: false),
                    ClusterConfigLoader.Port(m.Element, "smtpPort", $"{PathOf(i)}.smtpPort", required: false))
                : new MachineMailPorts(0, 0);
            foreach (var (field, port) in (ReadOnlySpan<(string, int)>)[("pop3Port", ports.Pop3), ("smtpPort", ports.Smtp)])
            {
                var endpoint = $"{m.Host}:{port}";
                if (port > 0 && !taken.TryAdd(endpoint, $"{PathOf(i)}.{field}"))
                {
                    throw new ClusterConfigException($"{PathOf(i)}.{field}: {endpoint} is already {taken[endpoint]}");
                }
            }

            result[m.Name] = ports;
        }

        return result;
    }

    /// <summary>
    /// The mail domain alone (<c>mailPorts.mailDomain</c>, else the default): what the store's letters are written
    /// with, for the tools that open a store without starting a machine (restore).
    /// </summary>
    public static MailDomain DomainOf(ClusterConfig cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var doc = cluster.Document;
        return doc.ValueKind == JsonValueKind.Object && doc.TryGetProperty("mailPorts", out var o) && o.ValueKind == JsonValueKind.Object
            ? new MailDomain(Domain(o))
            : MailDomain.Default;
    }

    private static string PathOf(int index) => string.Create(CultureInfo.InvariantCulture, $"machines[{index}]");

    private static string Domain(JsonElement o)
    {
        if (!o.TryGetProperty("mailDomain", out var v))
        {
            return LocalMailbox.DefaultDomain;
        }

        var domain = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return LocalMailbox.IsDomain(domain)
            ? domain!
            : throw new ClusterConfigException("mailPorts.mailDomain: must be a domain name such as \"campus.example.edu\"");
    }

    private static int Number(JsonElement o, string name, int fallback)
    {
        if (!o.TryGetProperty(name, out var v))
        {
            return fallback;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n > 0
            ? n
            : throw new ClusterConfigException($"mailPorts.{name}: must be a positive whole number");
    }
}

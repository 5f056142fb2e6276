using System.Globalization;
using System.Text.Json;
using Maildriver.Grains.Rfc5322;
using Maildriver.Grains.Configuration;

namespace Maildriver.Grains.MailPorts;

/// <summary>
/// The POP3 and SMTP ports' settings from <c>cluster.json</c>: each machine's optional <c>pop3Port</c> and
/// <c>smtpPort</c> (beside <c>gatewayPort</c>; absent means closed), and the optional top-level <c>"mailPorts"</c>
/// object: <c>mailDomain</c>, <c>idleTimeoutSeconds</c>, <c>maxConnections</c>, <c>maxCommandBytes</c>,
/// <c>maxRecipients</c>. The largest message is the protocol's <c>maxLetterBytes</c>.
/// </summary>
public sealed class MailPortsOptions
{
    /// <summary>The smallest command line RFC 5321 section 4.5.3.1.4 lets a server accept (512 octets with CRLF).</summary>
    public const int MinCommandBytes = 512;

    // Messages are held in memory while they are read; arrays stop at 2 GiB, and nobody mails a gigabyte.
    private const long MessageBytesCeiling = 1L << 30;

    private IReadOnlyDictionary<string, MachineMailPorts> _ports = new Dictionary<string, MachineMailPorts>();

    /// <summary>The address rule and mail domain (<c>mailDomain</c>, default <c>maildriver.local</c>).</summary>
    public LocalMailbox Mailbox { get; init; } = new(LocalMailbox.DefaultDomain);

    /// <summary>A connection silent this long is closed (<c>idleTimeoutSeconds</c>, default 600: RFC 1939's autologout minimum, RFC 5321's longest wait).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Open connections per port; the next one is turned away with a "try later" reply (<c>maxConnections</c>, default 100).</summary>
    public int MaxConnections { get; init; } = 100;

    /// <summary>The longest command line, CRLF included (<c>maxCommandBytes</c>, default and minimum 512).</summary>
    public int MaxCommandBytes { get; init; } = MinCommandBytes;

    /// <summary>Recipients per SMTP transaction (<c>maxRecipients</c>, default 100, the number RFC 5321 asks servers to accept).</summary>
    public int MaxRecipients { get; init; } = 100;

    /// <summary>The largest message SMTP accepts, in octets after un-stuffing (the protocol's <c>maxLetterBytes</c>, advertised as SIZE).</summary>
    public int MaxMessageBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The ports of <paramref name="machine"/>.</summary>
    public MachineMailPorts PortsOf(string machine) => _ports.TryGetValue(machine, out var ports) ? ports : new MachineMailPorts(0, 0);

    /// <summary>Reads and checks the settings; a bad value throws <see cref="ClusterConfigException"/> naming its field.</summary>
    public static MailPortsOptions From(ClusterConfig cluster, long maxLetterBytes)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var ports = ReadPorts(cluster);
        var maxMessage = (int)Math.Min(maxLetterBytes, MessageBytesCeiling);
        var doc = cluster.Document;
        if (doc.ValueKind != JsonValueKind.Object || !doc.TryGetProperty("mailPorts", out var o))
        {
            return new MailPortsOptions { MaxMessageBytes = maxMessage, _ports = ports };
        }

        if (o.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConfigException("mailPorts: must be an object such as { \"mailDomain\": \"campus.example.edu\" }");
        }

        var defaults = new MailPortsOptions();
        var commandBytes = Number(o, "maxCommandBytes", defaults.MaxCommandBytes);
        if (commandBytes is < MinCommandBytes or > 65536)
        {
            throw new ClusterConfigException($"mailPorts.maxCommandBytes: must be from {MinCommandBytes} to 65536");
        }

        return new MailPortsOptions
        {
            Mailbox = new LocalMailbox(Domain(o)),
            IdleTimeout = TimeSpan.FromSeconds(Number(o, "idleTimeoutSeconds", (int)defaults.IdleTimeout.TotalSeconds)),
            MaxConnections = Number(o, "maxConnections", defaults.MaxConnections),
            MaxCommandBytes = commandBytes,
            MaxRecipients = Number(o, "maxRecipients", defaults.MaxRecipients),
            MaxMessageBytes = maxMessage,
            _ports = ports,
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

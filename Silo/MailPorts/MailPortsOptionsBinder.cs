using System.Globalization;
using System.Text.Json;
using Maildriver.Clustering.Configuration;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.MailPorts.Addresses;

namespace Maildriver.Silo.MailPorts;

/// <summary>
/// Binds <see cref="MailPortsOptions"/> from <c>cluster.json</c>: each machine's optional <c>pop3Port</c>,
/// <c>smtpPort</c> and <c>imapPort</c>, and the optional top-level <c>"mailPorts"</c> object. A field that is absent leaves its default; one
/// that cannot be bound (the wrong JSON type, no port number, no domain name) throws, naming it; the values bound are
/// judged by <see cref="MailPortsOptionsValidator"/>. Here and not in MailPorts/, which knows nothing of the file.
/// </summary>
internal static class MailPortsOptionsBinder
{
    // Messages are held in memory while they are read; arrays stop at 2 GiB, and nobody mails a gigabyte.
    private const long MessageBytesCeiling = 1L << 30;

    /// <summary>Sets <paramref name="options"/> from <paramref name="cluster"/>.</summary>
    /// <param name="cluster">The loaded configuration.</param>
    /// <param name="maxLetterBytes">The protocol's <c>maxLetterBytes</c>: the largest message SMTP accepts.</param>
    /// <param name="options">The options to set.</param>
    /// <exception cref="ClusterConfigException">A field cannot be bound; the message names it.</exception>
    public static void Bind(ClusterConfig cluster, long maxLetterBytes, MailPortsOptions options)
    {
        options.Ports = cluster.Machines.Select((m, i) => (m.Name, Ports: PortsOf(m, PathOf(i)))).ToDictionary(p => p.Name, p => p.Ports, StringComparer.Ordinal);
        options.MaxMessageBytes = (int)Math.Clamp(maxLetterBytes, 0, MessageBytesCeiling);
        if (ClusterJsonFields.Section(cluster.Document, "mailPorts", "{ \"mailDomain\": \"campus.example.edu\" }") is not { } o)
        {
            return;
        }

        options.Mailbox = o.TryGetProperty("mailDomain", out _) ? new LocalMailbox(Domain(o)) : options.Mailbox;
        options.IdleTimeout = ClusterJsonFields.Duration(o, "idleTimeoutSeconds", "mailPorts.idleTimeoutSeconds", TimeSpan.FromSeconds(1)) ?? options.IdleTimeout;
        options.MaxConnections = ClusterJsonFields.Int32(o, "maxConnections", "mailPorts.maxConnections") ?? options.MaxConnections;
        options.MaxCommandBytes = ClusterJsonFields.Int32(o, "maxCommandBytes", "mailPorts.maxCommandBytes") ?? options.MaxCommandBytes;
        options.MaxRecipients = ClusterJsonFields.Int32(o, "maxRecipients", "mailPorts.maxRecipients") ?? options.MaxRecipients;
        options.ImapIdleTimeout = ClusterJsonFields.Duration(o, "imapIdleTimeoutSeconds", "mailPorts.imapIdleTimeoutSeconds", TimeSpan.FromSeconds(1)) ?? options.ImapIdleTimeout;
        options.ImapMaxLineBytes = ClusterJsonFields.Int32(o, "imapMaxLineBytes", "mailPorts.imapMaxLineBytes") ?? options.ImapMaxLineBytes;
        options.ImapMaxLiteralBytes = ClusterJsonFields.Int32(o, "imapMaxLiteralBytes", "mailPorts.imapMaxLiteralBytes") ?? options.ImapMaxLiteralBytes;
        options.ImapCacheBytes = ClusterJsonFields.Int32(o, "imapCacheBytes", "mailPorts.imapCacheBytes") ?? options.ImapCacheBytes;
        options.ImapDiskCacheBytes = ClusterJsonFields.Int64(o, "imapDiskCacheBytes", "mailPorts.imapDiskCacheBytes") ?? options.ImapDiskCacheBytes;
    }

    /// <summary>Where machine number <paramref name="index"/> is in the file: <c>machines[index]</c>.</summary>
    public static string PathOf(int index) => string.Create(CultureInfo.InvariantCulture, $"machines[{index}]");

    private static MachineMailPorts PortsOf(MachineConfig machine, string path)
        => machine.Element.ValueKind == JsonValueKind.Object
            ? new MachineMailPorts(
                ClusterConfigLoader.Port(machine.Element, "pop3Port", $"{path}.pop3Port", required: false),
                ClusterConfigLoader.Port(machine.Element, "smtpPort", $"{path}.smtpPort", required: false),
                ClusterConfigLoader.Port(machine.Element, "imapPort", $"{path}.imapPort", required: false))
            : new MachineMailPorts(0, 0, 0);

    /// <summary>The <c>mailPorts.mailDomain</c> field of <paramref name="o"/>, checked; throws naming it when it is no domain name.</summary>
    public static string Domain(JsonElement o)
    {
        var domain = ClusterJsonFields.Text(o, "mailDomain");
        return o.GetProperty("mailDomain").ValueKind == JsonValueKind.String && LocalMailbox.IsDomain(domain)
            ? domain!
            : throw new ClusterConfigException("mailPorts.mailDomain: must be a domain name such as \"campus.example.edu\"");
    }
}

using Maildriver.MailPorts.Addresses;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>
/// The POP3 and SMTP ports' settings, as the silo binds them from <c>cluster.json</c> and checks them when it starts (Silo/MailPorts/MailPortsConfig):
/// each machine's optional <c>pop3Port</c>, <c>smtpPort</c> and <c>imapPort</c> (beside <c>gatewayPort</c>; absent means closed), and the
/// optional top-level <c>"mailPorts"</c> object: <c>mailDomain</c>, <c>idleTimeoutSeconds</c>, <c>maxConnections</c>,
/// <c>maxCommandBytes</c>, <c>maxRecipients</c>, and IMAP's <c>imapIdleTimeoutSeconds</c>, <c>imapMaxLineBytes</c>, <c>imapMaxLiteralBytes</c>, <c>imapCacheBytes</c>. The largest message is the protocol's <c>maxLetterBytes</c>.
/// </summary>
public sealed class MailPortsOptions
{
    /// <summary>The smallest command line RFC 5321 section 4.5.3.1.4 lets a server accept (512 octets with CRLF).</summary>
    public const int MinCommandBytes = 512;

    /// <summary>The largest <c>maxCommandBytes</c> accepted: a command line of 64 KiB is already no command.</summary>
    public const int MaxCommandBytesCeiling = 65536;

    /// <summary>The address rule and mail domain (<c>mailDomain</c>, default <c>maildriver.local</c>).</summary>
    public LocalMailbox Mailbox { get; set; } = new(LocalMailbox.DefaultDomain);

    /// <summary>A connection silent this long is closed (<c>idleTimeoutSeconds</c>, default 600: RFC 1939's autologout minimum, RFC 5321's longest wait).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Open connections per port; the next one is turned away with a "try later" reply (<c>maxConnections</c>, default 100).</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>The longest command line, CRLF included (<c>maxCommandBytes</c>, default and minimum 512).</summary>
    public int MaxCommandBytes { get; set; } = MinCommandBytes;

    /// <summary>Recipients per SMTP transaction (<c>maxRecipients</c>, default 100, the number RFC 5321 asks servers to accept).</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>The largest message SMTP accepts, in octets after un-stuffing (the protocol's <c>maxLetterBytes</c>, advertised as SIZE).</summary>
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The shortest IMAP autologout timer RFC 3501 section 5.4 allows: 30 minutes.</summary>
    public static readonly TimeSpan MinImapIdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The smallest <c>imapMaxLineBytes</c>: RFC 7162 section 4 asks servers to take lines of 8192 octets, and 1024 is the least a client may count on.</summary>
    public const int MinImapLineBytes = 1024;

    /// <summary>The largest <c>imapMaxLineBytes</c> and <c>imapMaxLiteralBytes</c> accepted: a command is held in memory whole.</summary>
    public const int ImapBytesCeiling = 16 * 1024 * 1024;

    /// <summary>An IMAP client silent this long is logged out (<c>imapIdleTimeoutSeconds</c>, default and minimum 1800: RFC 3501 section 5.4).</summary>
    public TimeSpan ImapIdleTimeout { get; set; } = MinImapIdleTimeout;

    /// <summary>The longest IMAP command line, CRLF included, literals not counted (<c>imapMaxLineBytes</c>, default 8192, RFC 7162 section 4's advice).</summary>
    public int ImapMaxLineBytes { get; set; } = 8192;

    /// <summary>The largest IMAP literal, <c>{n}</c> or <c>{n+}</c> (<c>imapMaxLiteralBytes</c>, default 65536: APPEND is refused, so literals carry only passwords and search strings).</summary>
    public int ImapMaxLiteralBytes { get; set; } = 65536;

    /// <summary>The largest <c>imapCacheBytes</c> accepted: the cache is held in the silo's memory.</summary>
    public const int ImapCacheBytesCeiling = 1024 * 1024 * 1024;

    /// <summary>
    /// The machine's cache of rendered FETCH items (ENVELOPE, BODYSTRUCTURE, BODY) shared by its IMAP sessions, in
    /// octets (<c>imapCacheBytes</c>, default 64 MiB, about 100,000 envelopes; 0 keeps nothing, up to 1 GiB).
    /// </summary>
    public int ImapCacheBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The largest <c>imapDiskCacheBytes</c> accepted.</summary>
    public const long ImapDiskCacheBytesCeiling = 64L * 1024 * 1024 * 1024;

    /// <summary>
    /// The machine's rendered FETCH items on its disk, <c>&lt;dataDir&gt;/imap-cache.db</c>, kept across restarts
    /// (<c>imapDiskCacheBytes</c>, default 256 MiB, about 400,000 envelopes; 0 keeps none, up to 64 GiB).
    /// </summary>
    public long ImapDiskCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Each machine's ports, by machine name (<c>machines[].pop3Port</c>, <c>machines[].smtpPort</c>); a machine not listed has none (default: none).</summary>
    public IReadOnlyDictionary<string, MachineMailPorts> Ports { get; set; } = new Dictionary<string, MachineMailPorts>();

    /// <summary>The ports of <paramref name="machine"/>.</summary>
    public MachineMailPorts PortsOf(string machine) => Ports.TryGetValue(machine, out var ports) ? ports : new MachineMailPorts(0, 0, 0);
}

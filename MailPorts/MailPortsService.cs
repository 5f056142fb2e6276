using System.Security.Cryptography.X509Certificates;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.Imap.Fetch;
using Maildriver.MailPorts.Imap.Session;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.MailPorts.Pop3;
using Maildriver.MailPorts.Smtp;
using Microsoft.Extensions.Logging;

namespace Maildriver.MailPorts;

/// <summary>
/// A machine's POP3, SMTP submission and IMAP ports, opened once the machine has joined the cluster and closed when the
/// silo stops or dies: POP3 and IMAP on Maildriver's line server, SMTP on SmtpServer (<see cref="SubmissionPort"/>). Sessions reach the mail system through this machine's client API (<see cref="IMailServer"/>),
/// so they are held to exactly what the CLI is held to; SMTP checks RCPT against this machine's store
/// (<see cref="IMailRecipients"/>).
/// </summary>
public sealed class MailPortsService : IAsyncDisposable
{
    private readonly MailPortsOptions _options;
    private readonly MailPortsMachine _machine;
    private readonly IGrainFactory _grains;
    private readonly IMailRecipients _recipients;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMachineReadiness _readiness;
    private readonly RenderedItemCache _imapCache;
    private readonly IWarmUpLogin? _warmUpLogin;
    private RenderedItemFile? _imapFile;
    private readonly List<IAsyncDisposable> _ports = [];
    private X509Certificate2? _certificate;
    private CancellationTokenRegistration _onStopping;
    private Task? _closing;

    /// <summary>Creates the service; nothing listens before <see cref="StartAsync"/>.</summary>
    public MailPortsService(
        MailPortsOptions options,
        MailPortsMachine machine,
        IGrainFactory grains,
        IMailRecipients recipients,
        TimeProvider time,
        IMachineReadiness readiness,
        ILogger<MailPortsService> logger,
        IWarmUpLogin? warmUpLogin = null)
    {
        _warmUpLogin = warmUpLogin;
        _readiness = readiness;
        _options = options;
        _machine = machine;
        _grains = grains;
        _recipients = recipients;
        _time = time;
        _logger = logger;

        // One per machine, shared by its IMAP sessions: a letter's envelope is the same for every reader.
        _imapCache = new RenderedItemCache(options.ImapCacheBytes);
    }

    /// <summary>
    /// Opens the machine's <c>pop3Port</c>, <c>smtpPort</c> and <c>imapPort</c>, if it has them, loading its TLS certificate when it
    /// has one. A port in use or a bad certificate throws, so the silo does not start without them.
    /// </summary>
    /// <param name="siloStopping">Cancelled when the silo stops or dies: the ports close then.</param>
    public async Task StartAsync(CancellationToken siloStopping)
    {
        var ports = _options.PortsOf(_machine.Name);
        if (ports.Pop3 == 0 && ports.Smtp == 0 && ports.Imap == 0)
        {
            return;
        }

        _certificate = _machine.LoadCertificate();
        var context = new MailPortContext(_machine.Name, _options, _grains.GetGrain<IMailServer>(_machine.Name), _certificate, _logger, _readiness);
        if (ports.Pop3 > 0)
        {
            var pop3 = new LineServer("POP3", ListenAddresses.For(_machine.Host, ports.Pop3), _options, _time, _logger, c => new Pop3Session(c, context).RunAsync(), "-ERR [SYS/TEMP] too many connections; try again later");
            _ports.Add(pop3);
            pop3.Start();
            Listening("POP3", ports.Pop3, " (STLS offered)");
        }

        if (ports.Smtp > 0)
        {
            var smtp = new SubmissionPort(ListenAddresses.For(_machine.Host, ports.Smtp), context, _recipients.IsRecipientAsync, _time);
            _ports.Add(smtp);
            smtp.Start();
            Listening("SMTP", ports.Smtp, " (STARTTLS offered)");
        }

        if (ports.Imap > 0)
        {
            // Opened before the port, so that the first FETCH after a restart already finds what was rendered before.
            _imapFile = _options.ImapDiskCacheBytes > 0 && _machine.DataDirectory is { } dataDir
                ? RenderedItemFile.Open(dataDir, _options.ImapDiskCacheBytes, _logger)
                : null;
            var file = _imapFile;

            // The first client after a restart should not wait for the runtime to compile the FETCH and SELECT paths.
            await ImapWarmUp.RunAsync(context, _grains, _time, _imapCache, file, _warmUpLogin, siloStopping).ConfigureAwait(false);

            // RFC 3501 section 5.4: IMAP's autologout timer is its own, at least 30 minutes.
            var imap = new LineServer(
                "IMAP", ListenAddresses.For(_machine.Host, ports.Imap), _options, _time, _logger,
                c => new ImapSession(c, context, _grains, _time, _imapCache, file).RunAsync(), "* BYE [UNAVAILABLE] too many connections; try again later", _options.ImapIdleTimeout);
            _ports.Add(imap);
            imap.Start();
            Listening("IMAP", ports.Imap, " (STARTTLS offered)");
        }

        _onStopping = siloStopping.Register(() => _ = DisposeAsync().AsTask());
    }

    /// <summary>Closes the ports; open sessions say goodbye and end. Whoever calls first does it, the others wait for it.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_ports)
        {
            _closing ??= CloseAsync();
        }

        return new ValueTask(_closing);
    }

    private async Task CloseAsync()
    {
        _onStopping.Unregister();
        foreach (var port in _ports)
        {
            await port.DisposeAsync().ConfigureAwait(false);
        }

        if (_imapFile is not null)
        {
            await _imapFile.DisposeAsync().ConfigureAwait(false);
        }

        _certificate?.Dispose();
    }

    private void Listening(string protocol, int port, string tlsOffer)
        => MailPortsLog.Listening(_logger, _machine.Name, protocol, $"{_machine.Host}:{port}", _certificate is null ? string.Empty : tlsOffer);
}

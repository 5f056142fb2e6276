using System.Security.Cryptography.X509Certificates;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.MailPorts.Pop3;
using Maildriver.MailPorts.Smtp;
using Microsoft.Extensions.Logging;

namespace Maildriver.MailPorts;

/// <summary>
/// A machine's POP3 and SMTP submission ports, opened once the machine has joined the cluster and closed when the
/// silo stops or dies. Sessions reach the mail system through this machine's client API (<see cref="IMailServer"/>),
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
    private readonly List<LineServer> _servers = [];
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
        ILogger<MailPortsService> logger)
    {
        _readiness = readiness;
        _options = options;
        _machine = machine;
        _grains = grains;
        _recipients = recipients;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Opens the machine's <c>pop3Port</c> and <c>smtpPort</c>, if it has them, loading its TLS certificate when it
    /// has one. A port in use or a bad certificate throws, so the silo does not start without them.
    /// </summary>
    /// <param name="siloStopping">Cancelled when the silo stops or dies: the ports close then.</param>
    public Task StartAsync(CancellationToken siloStopping)
    {
        var ports = _options.PortsOf(_machine.Name);
        if (ports.Pop3 == 0 && ports.Smtp == 0)
        {
            return Task.CompletedTask;
        }

        _certificate = _machine.LoadCertificate();
        var context = new MailPortContext(_machine.Name, _options, _grains.GetGrain<IMailServer>(_machine.Name), _certificate, _logger, _readiness);
        if (ports.Pop3 > 0)
        {
            Open("POP3", ports.Pop3, c => new Pop3Session(c, context).RunAsync(), "-ERR [SYS/TEMP] too many connections; try again later");
        }

        if (ports.Smtp > 0)
        {
            Open("SMTP", ports.Smtp, c => new SmtpSession(c, context, _recipients.IsRecipientAsync).RunAsync(), "421 4.3.2 Too many connections; try again later");
        }

        _onStopping = siloStopping.Register(() => _ = DisposeAsync().AsTask());
        return Task.CompletedTask;
    }

    /// <summary>Closes the ports; open sessions say goodbye and end. Whoever calls first does it, the others wait for it.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_servers)
        {
            _closing ??= CloseAsync();
        }

        return new ValueTask(_closing);
    }

    private async Task CloseAsync()
    {
        _onStopping.Unregister();
        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _certificate?.Dispose();
    }

    private void Open(string protocol, int port, Func<LineConnection, Task> serve, string busyReply)
    {
        var server = new LineServer(protocol, ListenAddresses.For(_machine.Host, port), _options, _time, _logger, serve, busyReply);
        _servers.Add(server);
        server.Start();
        var tls = _certificate is null ? string.Empty : protocol == "POP3" ? " (STLS offered)" : " (STARTTLS offered)";
        MailPortsLog.Listening(_logger, _machine.Name, protocol, $"{_machine.Host}:{port}", tls);
    }
}

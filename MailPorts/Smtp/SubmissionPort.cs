using System.Net;
using System.Net.Sockets;
using Maildriver.MailPorts.LineProtocol;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Storage;
using SmtpServer.Authentication;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// A machine's SMTP submission port on SmtpServer: SmtpServer runs each session (its parser, state machine, EHLO,
/// STARTTLS, AUTH, MAIL, RCPT and DATA) over connections Maildriver accepts and reads (<see cref="SubmissionListener"/>,
/// <see cref="SubmissionPipe"/>), and asks Maildriver's handlers about logins, senders, recipients and messages.
/// The port binds the machine's host addresses only; binding happens in <see cref="Start"/>, so a port in use
/// stops the silo from starting half-configured.
/// </summary>
internal sealed class SubmissionPort : IEndpointListenerFactory, IAsyncDisposable
{
    // SmtpServer's strict limit applies to everything it buffers, commands and messages, and answers nothing when
    // a message passes it. The pipe enforces the real limit first (it never hands over more than the limit, plus
    // stuffed dots and the final "."), so SmtpServer's stays a backstop at the pipe's own hard cap.
    private const int BackstopFactor = 2;

    // SmtpServer ends a session silently after this many refused commands in a row.
    private const int MaxConsecutiveRefusals = 100;

    private readonly IPEndPoint[] _endpoints;
    private readonly MailPortContext _context;
    private readonly Func<string, Task<bool>> _isRecipient;
    private readonly TimeProvider _time;
    private readonly SubmissionConnections _connections;
    private readonly Dictionary<IPEndPoint, TcpListener> _listeners = [];
    private readonly CancellationTokenSource _serverStop = new();
    private Task _running = Task.CompletedTask;

    /// <param name="endpoints">Where to listen.</param>
    /// <param name="context">What every session of the machine shares.</param>
    /// <param name="isRecipient">Whether a name is a user or list of this machine (RCPT).</param>
    /// <param name="time">The clock for idle timeouts and the stop.</param>
    public SubmissionPort(IPEndPoint[] endpoints, MailPortContext context, Func<string, Task<bool>> isRecipient, TimeProvider time)
    {
        _endpoints = endpoints;
        _context = context;
        _isRecipient = isRecipient;
        _time = time;
        _connections = new SubmissionConnections(context, time);
    }

    /// <summary>Binds the port and starts SmtpServer on it.</summary>
    public void Start()
    {
        foreach (var endpoint in _endpoints)
        {
            _listeners[endpoint] = ListenAddresses.Listen(endpoint, "SMTP");
        }

        var server = new SmtpServer.SmtpServer(Options(), Services());
        server.SessionFaulted += (_, e) => MailPortsLog.SessionFailed(_context.Logger, "SMTP", RemoteOf(e.Context), e.Exception);
        _running = server.StartAsync(_serverStop.Token);
    }

    /// <inheritdoc/>
    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        => new SubmissionListener(_listeners[endpointDefinition.Endpoint], _connections, _context, _time);

    /// <summary>The orderly stop: the port closes, sessions say goodbye and end, then SmtpServer stops.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners.Values)
        {
            listener.Stop();
        }

        await _connections.DisposeAsync().ConfigureAwait(false);
        await _serverStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SmtpServer's own way of saying it stopped.
        }

        _serverStop.Dispose();
    }

    private ISmtpServerOptions Options()
    {
        var options = _context.Options;
        var builder = new SmtpServerOptionsBuilder()
            .ServerName(options.Mailbox.Domain)
            .CustomSmtpGreeting(_ => SmtpReplies.Greeting(options.Mailbox.Domain, _context.Machine))
            .MaxMessageSize((int)Math.Min(int.MaxValue, (BackstopFactor * (long)options.MaxMessageBytes) + 5), MaxMessageSizeHandling.Strict)
            .MaxRetryCount(MaxConsecutiveRefusals)
            // The pipe times idle clients out (with the silo's clock, and 421 as RFC 5321 wants); SmtpServer's
            // timers (a 5-minute command wait, a 2-minute cap on a whole session) would cut it short.
            .CommandWaitTimeout(Timeout.InfiniteTimeSpan);
        foreach (var endpoint in _endpoints)
        {
            builder.Endpoint(e =>
            {
                e.Endpoint(endpoint).AuthenticationRequired(true).AllowUnsecureAuthentication(_context.Certificate is null).SessionTimeout(Timeout.InfiniteTimeSpan);
                if (_context.Certificate is not null)
                {
                    e.Certificate(_context.Certificate);
                }
            });
        }

        return builder.Build();
    }

    private SmtpServer.ComponentModel.ServiceProvider Services()
    {
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add((IEndpointListenerFactory)this);
        services.Add(new SubmissionCommands(_context));
        services.Add((IUserAuthenticator)new SubmissionAuthenticator(_context));
        services.Add((IMailboxFilter)new SubmissionMailboxFilter(_context, _isRecipient));
        services.Add((IMessageStore)new SubmissionStore(_context));
        return services;
    }

    private static string RemoteOf(ISessionContext session)
        => session.Properties.ContainsKey(SubmissionSession.PropertyKey) ? SubmissionSession.Of(session).Remote : "?";
}

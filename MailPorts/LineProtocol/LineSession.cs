using System.Text;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>
/// The loop of a line-based mail protocol (POP3; SMTP runs on SmtpServer over the same LineConnection): greet, then
/// read one command line at a time and answer it, until the client quits, goes away, stays silent past the idle
/// timeout, or the silo stops. An over-long command line is answered with the protocol's error and skipped; one
/// that never ends closes the connection.
/// </summary>
internal abstract class LineSession(LineConnection connection, MailPortContext context)
{
    private const int MaxLoginFailures = 3;

    private int _loginFailures;

    /// <summary>The client.</summary>
    protected LineConnection Connection { get; } = connection;

    /// <summary>What every session of the machine shares.</summary>
    protected MailPortContext Context { get; } = context;

    /// <summary>The protocol's name ("POP3"), for logs.</summary>
    protected abstract string Protocol { get; }

    /// <summary>The longest command line, its CRLF included (the options' <c>maxCommandBytes</c> unless the protocol has its own).</summary>
    protected virtual int MaxLineBytes => Context.Options.MaxCommandBytes;

    /// <summary>The reply to a command line longer than the limit.</summary>
    protected abstract string LineTooLongReply { get; }

    /// <summary>The last words to a client whose line never ends.</summary>
    protected abstract string LineFarTooLongReply { get; }

    /// <summary>The only words to a client while the machine is not serving (it is being rebuilt).</summary>
    protected abstract string NotReadyReply(string reason);

    /// <summary>The last words when the silo stops.</summary>
    protected abstract string ShutdownReply { get; }

    /// <summary>The last words on an idle timeout, or null to close without a word.</summary>
    protected abstract string? IdleReply { get; }

    /// <summary>Runs the session to its end.</summary>
    public async Task RunAsync()
    {
        if (Context.Readiness.NotReadyReason is { } reason)
        {
            // Like the gateway's 503: a temporary refusal, so the client tries again or another machine.
            await ReplyAsync(NotReadyReply(reason)).ConfigureAwait(false);
            return;
        }

        try
        {
            await GreetAsync().ConfigureAwait(false);
            while (true)
            {
                var read = await Connection.ReadLineAsync(MaxLineBytes).ConfigureAwait(false);
                var goOn = read.Status == LineStatus.Line
                    ? await OnCommandAsync(Encoding.UTF8.GetString(read.Bytes)).ConfigureAwait(false)
                    : await OnNoLineAsync(read.Status).ConfigureAwait(false);
                if (!goOn)
                {
                    return;
                }
            }
        }
        finally
        {
            OnEnded();
        }
    }

    /// <summary>Called once the session has ended, however it ended: lets go of what it still holds elsewhere.</summary>
    protected virtual void OnEnded()
    {
    }

    /// <summary>Says goodbye as the protocol prescribes when the session must end for <paramref name="status"/>.</summary>
    protected async Task EndAsync(LineStatus status)
    {
        var last = status switch
        {
            LineStatus.Overflow => LineFarTooLongReply,
            LineStatus.ShuttingDown => ShutdownReply,
            LineStatus.IdleTimeout => IdleReply,
            _ => null,
        };
        if (last is not null)
        {
            await Connection.WriteFinalLineAsync(last).ConfigureAwait(false);
        }
    }

    // A read that brought no command: an over-long line is answered and skipped; anything else ends the session.
    private async Task<bool> OnNoLineAsync(LineStatus status)
    {
        if (status == LineStatus.TooLong)
        {
            await ReplyAsync(LineTooLongReply).ConfigureAwait(false);
            return true;
        }

        await EndAsync(status).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Answers STLS or STARTTLS: refused without a certificate or when TLS is on already, else the go-ahead and the
    /// handshake, after which the session starts over (<see cref="OnTlsStarted"/>). False when the handshake failed.
    /// </summary>
    protected async Task<bool> StartTlsAsync(string unavailableReply, string alreadyReply, string goAheadReply)
    {
        if (Context.Certificate is null || Connection.IsTls)
        {
            await ReplyAsync(Context.Certificate is null ? unavailableReply : alreadyReply).ConfigureAwait(false);
            return true;
        }

        await ReplyAsync(goAheadReply).ConfigureAwait(false);
        if (!await Connection.StartTlsAsync(Context.Certificate).ConfigureAwait(false))
        {
            MailPortsLog.TlsFailed(Context.Logger, Protocol, Connection.Remote);
            return false;
        }

        OnTlsStarted();
        return true;
    }

    /// <summary>Forgets what the session learnt in the clear (RFC 2595 section 4, RFC 3207 section 4.2).</summary>
    protected abstract void OnTlsStarted();

    /// <summary>
    /// Answers a refused login with <paramref name="reply"/>, or, at the third in the session, with
    /// <paramref name="lastReply"/> and the end of the session (false): guessing passwords takes new connections.
    /// </summary>
    protected async Task<bool> LoginRefusedAsync(string user, string reply, string lastReply)
    {
        MailPortsLog.LoginRefused(Context.Logger, Protocol, user, Connection.Remote);
        if (++_loginFailures >= MaxLoginFailures)
        {
            await Connection.WriteFinalLineAsync(lastReply).ConfigureAwait(false);
            return false;
        }

        await ReplyAsync(reply).ConfigureAwait(false);
        return true;
    }

    /// <summary>Logs that the mail system could not do what the client asked (the client is told to try later).</summary>
    protected void LogUnavailable(Exception error) => MailPortsLog.Unavailable(Context.Logger, Protocol, Connection.Remote, error);

    /// <summary>Writes the greeting.</summary>
    protected abstract Task GreetAsync();

    /// <summary>Answers one command line; false closes the connection.</summary>
    protected abstract Task<bool> OnCommandAsync(string line);

    /// <summary>Writes one reply line.</summary>
    protected Task ReplyAsync(string line) => Connection.WriteLineAsync(line).AsTask();
}

using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Maildriver.MailPorts.LineProtocol;
using SmtpServer.IO;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// One client connection as SmtpServer sees it (its <see cref="ISecurableDuplexPipe"/>), over Maildriver's line
/// connection: input through <see cref="SubmissionReader"/>, replies through <see cref="ReplyWriter"/>, and
/// STARTTLS as the line connection does it (plaintext sent after the command is thrown away unread, RFC 3207
/// section 6). SmtpServer disposes it when the session ends.
/// </summary>
internal sealed class SubmissionPipe : ISecurableDuplexPipe
{
    private readonly LineConnection _connection;
    private readonly ClientLines _client;
    private readonly ReplyWriter _replies;
    private readonly MailPortContext _context;
    private readonly SubmissionSession _session;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wraps <paramref name="connection"/> for the session <paramref name="session"/>; the pipe owns the connection.</summary>
    public SubmissionPipe(LineConnection connection, SubmissionSession session, MailPortContext context)
    {
        _connection = connection;
        _context = context;
        _session = session;
        _replies = new ReplyWriter(connection);
        _client = new ClientLines(connection, session, context, _replies);
        Input = new SubmissionReader(_client);
    }

    /// <inheritdoc/>
    public PipeReader Input { get; }

    /// <inheritdoc/>
    public PipeWriter Output => _replies;

    /// <inheritdoc/>
    public bool IsSecure => _connection.IsTls;

    /// <inheritdoc/>
    public SslProtocols SslProtocol => _connection.SslProtocol;

    /// <summary>Completes when SmtpServer has finished with the connection and it is closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The client's address, for logs.</summary>
    public string Remote => _connection.Remote;

    /// <inheritdoc/>
    public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
    {
        // STARTTLS's "220" may be held (the client sent more in the clear, which the handshake throws away): it goes
        // out first, in the clear, as the client waits for it before its handshake.
        await _replies.SendHeldAsync().ConfigureAwait(false);
        if (!await _connection.StartTlsAsync((X509Certificate2)certificate).ConfigureAwait(false))
        {
            // The connection is useless now: the session ends at its next read.
            MailPortsLog.TlsFailed(_context.Logger, "SMTP", _connection.Remote);
            _client.End();
            await _replies.CloseAsync(null).ConfigureAwait(false);
            return;
        }

        _session.RestartAfterTls();
    }

    /// <summary>Cuts the connection under a session that is still running (its pending read or write fails).</summary>
    public void Abort() => _connection.Abort();

    /// <inheritdoc/>
    public void Dispose() => _ = CloseAsync();

    private async Task CloseAsync()
    {
        try
        {
            // SmtpServer's last replies (to QUIT, say) may still be held behind commands the client sent after it.
            await _replies.SendHeldAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _closed.TrySetResult();
        }
    }
}

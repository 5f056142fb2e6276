using System.Net.Sockets;
using Maildriver.MailPorts.LineProtocol;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// Where SmtpServer gets its connections from, one listener per address the port binds (its
/// <see cref="IEndpointListener"/>): a client is handed over only while the machine serves and the connection limit
/// allows; the others get the one reply Maildriver always gave them, and the next client is accepted meanwhile.
/// </summary>
internal sealed class SubmissionListener(TcpListener listener, SubmissionConnections connections, MailPortContext context, TimeProvider time) : IEndpointListener
{
    private static readonly TimeSpan AcceptBackoff = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc/>
    public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext session, CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(connections.Stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (connections.Stopping.IsCancellationRequested && ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The port is closed; SmtpServer stops asking once the open sessions have ended.
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
                throw;
            }
            catch (SocketException ex)
            {
                // E.g. out of file descriptors: say so and try again shortly rather than spin.
                MailPortsLog.AcceptFailed(context.Logger, "SMTP", ex);
                await Task.Delay(AcceptBackoff, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            LineConnection connection;
            try
            {
                socket.NoDelay = true;
                connection = new LineConnection(socket, time, context.Options.IdleTimeout, connections.Stopping);
            }
            catch (Exception ex) when (LineConnection.IsDisconnect(ex))
            {
                // Reset before we even looked at it.
                socket.Dispose();
                continue;
            }

            if (connections.Admit(connection) is { } refusal)
            {
                connections.Refuse(connection, refusal);
                continue;
            }

            return connections.Open(connection, SubmissionSession.Begin(session));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => listener.Stop();
}

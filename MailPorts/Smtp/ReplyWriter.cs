using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// The server's side of one SMTP connection: SmtpServer writes its replies here, and so does the session's pipe.
/// Replies to pipelined commands (RFC 2920) are held while the client's next command is already in the input and go
/// out together, in one write, when the session is about to wait for the client (<see cref="ClientLines"/> flushes
/// before every read), switches to TLS or closes: a client that sent MAIL and RCPT together gets both
/// answers in one segment, and neither side pays a write and a wake-up per reply. A client that is gone or stops
/// reading closes it; once closed (that, or the pipe's last words were said), what SmtpServer still writes is
/// dropped, so a closing reply is the last line the client gets.
/// </summary>
internal sealed class ReplyWriter(LineConnection connection) : PipeWriter
{
    // A client that pipelines without ever reading would have its replies held without end: past this many octets
    // they go out anyway, and the socket's own back-pressure bounds the rest, as it did before anything was held.
    private const int MaxHeldBytes = 16 * 1024;

    private readonly ArrayBufferWriter<byte> _pending = new();
    private bool _closed;

    /// <summary>Writes one reply line (held while the client's next command is already in); false when the connection is closed or the write failed.</summary>
    public async Task<bool> WriteLineAsync(string line)
    {
        _pending.Write(Encoding.UTF8.GetBytes(line + "\r\n"));
        await FlushAsync().ConfigureAwait(false);
        return !_closed;
    }

    /// <summary>Writes the held replies now, whatever the client's input holds; false when the connection is closed or the write failed.</summary>
    public async Task<bool> SendHeldAsync()
    {
        if (!_closed && _pending.WrittenCount > 0)
        {
            try
            {
                await connection.WriteAsync(_pending.WrittenMemory).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException || LineConnection.IsDisconnect(ex))
            {
                _closed = true;
            }
        }

        _pending.Clear();
        return !_closed;
    }

    /// <summary>Writes the held replies, then <paramref name="finalLine"/>, if any, as the last line, and closes.</summary>
    public async Task CloseAsync(string? finalLine)
    {
        if (_closed)
        {
            return;
        }

        // The held replies answer commands that came before whatever ends the connection.
        await SendHeldAsync().ConfigureAwait(false);
        _closed = true;
        if (finalLine is not null)
        {
            await connection.WriteFinalLineAsync(finalLine).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override void Advance(int bytes) => _pending.Advance(bytes);

    /// <inheritdoc/>
    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    /// <inheritdoc/>
    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    /// <inheritdoc/>
    public override void CancelPendingFlush()
    {
        // Writes are bounded by the connection's idle timeout; there is nothing else to cancel.
    }

    /// <inheritdoc/>
    /// <remarks>SmtpServer is done writing; what it wrote and is still held goes out when the pipe closes.</remarks>
    public override void Complete(Exception? exception = null)
    {
    }

    /// <inheritdoc/>
    /// <remarks>
    /// SmtpServer's cancellation is not used: Maildriver ends sessions itself, and a reply that SmtpServer writes
    /// on its way out (after a letter was acknowledged) must still reach the client. RFC 2920 section 3.1 lets the
    /// server hold replies while commands are pending in its input; the reply to the last of them goes out at once,
    /// as nothing is held once the input holds no whole line.
    /// </remarks>
    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!_closed && (_pending.WrittenCount >= MaxHeldBytes || !connection.HasBufferedLine()))
        {
            await SendHeldAsync().ConfigureAwait(false);
        }

        return new FlushResult(isCanceled: false, isCompleted: _closed);
    }
}

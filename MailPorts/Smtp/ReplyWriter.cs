using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// The server's side of one SMTP connection: SmtpServer writes its replies here, and so does the session's pipe.
/// A client that is gone or stops reading closes it; once closed (that, or the pipe's last words were said), what
/// SmtpServer still writes is dropped, so a closing reply is the last line the client gets.
/// </summary>
internal sealed class ReplyWriter(LineConnection connection) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new();
    private bool _closed;

    /// <summary>Writes one reply line now; false when the connection is closed or the write failed.</summary>
    public async Task<bool> WriteLineAsync(string line)
    {
        _pending.Write(Encoding.UTF8.GetBytes(line + "\r\n"));
        await FlushAsync().ConfigureAwait(false);
        return !_closed;
    }

    /// <summary>Writes <paramref name="finalLine"/>, if any, as the last line, and closes.</summary>
    public async Task CloseAsync(string? finalLine)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _pending.Clear();
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
    public override void Complete(Exception? exception = null) => _closed = true;

    /// <inheritdoc/>
    /// <remarks>
    /// SmtpServer's cancellation is not used: Maildriver ends sessions itself, and a reply that SmtpServer writes
    /// on its way out (after a letter was acknowledged) must still reach the client.
    /// </remarks>
    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
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
        return new FlushResult(isCanceled: false, isCompleted: _closed);
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>
/// One client of a line-based mail protocol: reads CRLF-terminated lines through a <see cref="PipeReader"/> with
/// a length limit, writes replies, and can switch to TLS in place (POP3 STLS, SMTP STARTTLS). Every read and write
/// must finish within the idle timeout; the silo stopping ends a read at once.
/// </summary>
public sealed class LineConnection : IAsyncDisposable
{
    /// <summary>How much of an over-long line is thrown away before the reader says <see cref="LineStatus.Overflow"/>.</summary>
    public const long DefaultMaxDiscard = 64 * 1024;

    private static readonly TimeSpan FinalWriteTimeout = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationTokenSource _cancel;
    private Stream _stream;
    private PipeReader _reader;
    private bool _discarding;

    /// <summary>Wraps an accepted socket; the connection owns it from now on.</summary>
    public LineConnection(Socket socket, TimeProvider time, TimeSpan idleTimeout, CancellationToken stopping)
        : this(new NetworkStream(socket ?? throw new ArgumentNullException(nameof(socket)), ownsSocket: true), socket.RemoteEndPoint?.ToString() ?? "?", time, idleTimeout, stopping)
    {
    }

    /// <summary>Wraps any duplex stream (tests use in-memory ones); the connection owns it from now on.</summary>
    public LineConnection(Stream stream, string remote, TimeProvider time, TimeSpan idleTimeout, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(time);
        _stream = stream;
        Remote = remote;
        _time = time;
        _idleTimeout = idleTimeout;
        _stopping = stopping;
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, stopping);
        _reader = CreateReader(stream);
    }

    /// <summary>The client's address, for logs.</summary>
    public string Remote { get; }

    /// <summary>Whether the connection has switched to TLS.</summary>
    public bool IsTls => _stream is SslStream;

    /// <summary>The TLS version in use, or <see cref="SslProtocols.None"/> before the switch.</summary>
    public SslProtocols SslProtocol => _stream is SslStream tls ? tls.SslProtocol : SslProtocols.None;

    /// <summary>
    /// Reads the next line. A line longer than <paramref name="maxBytes"/> (its line end included) is read to its
    /// end and thrown away (<see cref="LineStatus.TooLong"/>); when <paramref name="maxDiscard"/> octets have gone
    /// without its end the read stops with <see cref="LineStatus.Overflow"/>. Never throws for the client's doing.
    /// </summary>
    public ValueTask<LineRead> ReadLineAsync(int maxBytes, long maxDiscard = DefaultMaxDiscard) => GuardAsync(() => LineAsync(maxBytes, maxDiscard));

    /// <summary>
    /// The next line when the client's input already holds all of it (its line end included, at most
    /// <paramref name="maxBytes"/>): the line without waiting, or false, the input untouched, when only a
    /// <see cref="ReadLineAsync"/> can tell what comes next (a read that would wait, a line too long, the input over).
    /// </summary>
    public bool TryReadBufferedLine(int maxBytes, out byte[] line)
    {
        line = [];
        if (_discarding || !_reader.TryRead(out var result))
        {
            return false;
        }

        var buffer = result.Buffer;
        if (buffer.PositionOf((byte)'\n') is { } lf && buffer.GetPosition(1, lf) is var next && buffer.Slice(0, next).Length <= maxBytes)
        {
            line = LineBefore(buffer, lf);
            _reader.AdvanceTo(next);
            return true;
        }

        // Nothing taken and nothing examined: the next read sees the same octets at once.
        _reader.AdvanceTo(buffer.Start);
        return false;
    }

    /// <summary>
    /// Whether the client's input already holds a whole line, so that the next <see cref="ReadLineAsync"/> returns
    /// without waiting: a pipelining client's next command. Reads nothing from the client and takes nothing.
    /// </summary>
    public bool HasBufferedLine()
    {
        if (_discarding || !_reader.TryRead(out var result))
        {
            return false;
        }

        var buffered = result.Buffer.PositionOf((byte)'\n') is not null;
        _reader.AdvanceTo(result.Buffer.Start);
        return buffered;
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> octets, whatever they hold (an IMAP literal, RFC 3501 section 4.3);
    /// <see cref="LineStatus.Line"/> with the octets, or how the read ended without them. Never throws for the client's doing.
    /// </summary>
    public ValueTask<LineRead> ReadBytesAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // An empty literal ({0}) is complete at once: waiting for an octet would wait on the client's next command.
        return count == 0 ? ValueTask.FromResult(new LineRead(LineStatus.Line, [], 0)) : GuardAsync(() => BytesAsync(count));
    }

    /// <summary>Writes <paramref name="bytes"/>; a client that stops reading for the idle timeout gets an <see cref="OperationCanceledException"/>.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        Arm();
        try
        {
            await _stream.WriteAsync(bytes, _cancel.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            Disarm();
        }
    }

    /// <summary>Writes one reply line (UTF-8) and CRLF.</summary>
    public ValueTask WriteLineAsync(string line) => WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    /// <summary>
    /// Writes a last line before the connection closes, even after the idle timeout or the silo's stop fired;
    /// a client that is gone or not reading is no error here.
    /// </summary>
    public async Task WriteFinalLineAsync(string line)
    {
        using var timeout = new CancellationTokenSource(FinalWriteTimeout, _time);
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), timeout.Token).ConfigureAwait(false);
            await _stream.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || IsDisconnect(ex))
        {
            // The connection is closing anyway.
        }
    }

    /// <summary>
    /// Switches to TLS as the server, after the "go ahead" reply was written. Anything the client sent after its
    /// STLS/STARTTLS and before the handshake is thrown away unread (RFC 2595 section 4, RFC 3207 section 6): it
    /// came in the clear and may have been injected. False when the handshake fails; the connection is then useless.
    /// </summary>
    public async Task<bool> StartTlsAsync(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_reader.TryRead(out var pending))
        {
            _reader.AdvanceTo(pending.Buffer.End);
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        _discarding = false;
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = tls;
        Arm();
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, _cancel.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or OperationCanceledException || IsDisconnect(ex))
        {
            return false;
        }
        finally
        {
            Disarm();
        }

        _reader = CreateReader(tls);
        return true;
    }

    /// <summary>Cuts the connection under a session that is still running (its pending read or write fails).</summary>
    public void Abort() => _stream.Dispose();

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // A TLS close_notify to a client that is gone.
        }

        _cancel.Dispose();
        _idle.Dispose();
    }

    /// <summary>Whether <paramref name="error"/> only says the client went away.</summary>
    public static bool IsDisconnect(Exception error) => error is IOException or SocketException or ObjectDisposedException;

    // Every read: the idle timer runs while it waits, and the client's doing (silence, a stop, a broken connection)
    // ends it with a status, never an exception.
    private async ValueTask<LineRead> GuardAsync(Func<ValueTask<LineRead>> read)
    {
        Arm();
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return LineRead.Ended(_stopping.IsCancellationRequested ? LineStatus.ShuttingDown : LineStatus.IdleTimeout);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            return LineRead.Ended(LineStatus.Closed);
        }
        finally
        {
            Disarm();
        }
    }

    private async ValueTask<LineRead> LineAsync(int maxBytes, long maxDiscard)
    {
        long discarded = 0;
        long scanned = 0;
        while (true)
        {
            var result = await _reader.ReadAsync(_cancel.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Slice(scanned).PositionOf((byte)'\n') is { } lf)
            {
                var next = buffer.GetPosition(1, lf);
                var line = buffer.Slice(0, next);
                if (_discarding || line.Length > maxBytes)
                {
                    _discarding = false;
                    _reader.AdvanceTo(next);
                    return new LineRead(LineStatus.TooLong, [], discarded + line.Length);
                }

                var bytes = LineBefore(buffer, lf);
                _reader.AdvanceTo(next);
                return new LineRead(LineStatus.Line, bytes, 0);
            }

            if (_discarding || buffer.Length > maxBytes)
            {
                // Keep only the count: memory stays bounded however long the line.
                _discarding = true;
                discarded += buffer.Length;
                scanned = 0;
                _reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return LineRead.Ended(LineStatus.Closed);
                }

                if (discarded > maxDiscard)
                {
                    return new LineRead(LineStatus.Overflow, [], discarded);
                }

                continue;
            }

            if (result.IsCompleted)
            {
                // A partial last line is not a command: the client has gone.
                _reader.AdvanceTo(buffer.End);
                return LineRead.Ended(LineStatus.Closed);
            }

            scanned = buffer.Length;
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async ValueTask<LineRead> BytesAsync(int count)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(_cancel.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                _reader.AdvanceTo(buffer.GetPosition(count));
                return new LineRead(LineStatus.Line, bytes, 0);
            }

            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                return LineRead.Ended(LineStatus.Closed);
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    // The octets before the line's LF, without the CR in front of it: a line ends with CRLF or a bare LF.
    private static byte[] LineBefore(ReadOnlySequence<byte> buffer, SequencePosition lf)
    {
        var line = buffer.Slice(0, lf);
        return (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r' ? line.Slice(0, line.Length - 1) : line).ToArray();
    }

    private static PipeReader CreateReader(Stream stream)
        => PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));

    // The idle timer runs only while we wait on the client, not while a grain call is answering it.
    private void Arm() => _idle.CancelAfter(_idleTimeout);

    private void Disarm()
    {
        if (!_idle.IsCancellationRequested)
        {
            _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }
}

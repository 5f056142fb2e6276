using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Support;

/// <summary>
/// A scripted client speaking raw protocol lines over TCP (and TLS after STLS/STARTTLS), keeping a transcript that
/// every failed expectation shows. Reads wait at most 20 s: the server's reply is the synchronisation point.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TcpClient _tcp;
    private readonly StringBuilder _transcript = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Stream _stream;
    private int _start;
    private int _end;

    private RawClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Everything said so far, "C: " for the client and "S: " for the server.</summary>
    public string Transcript => _transcript.ToString();

    public static async Task<RawClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new RawClient(tcp);
    }

    /// <summary>Sends one line and CRLF.</summary>
    public Task SendAsync(string line)
    {
        _transcript.Append("C: ").AppendLine(line.Length > 200 ? line[..200] + $"… ({line.Length} chars)" : line);
        return SendRawAsync(Encoding.UTF8.GetBytes(line + "\r\n"), quiet: true);
    }

    /// <summary>Sends bytes as they are.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, bool quiet = false)
    {
        if (!quiet)
        {
            _transcript.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"C: ({bytes.Length} raw bytes)"));
        }

        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next line from the server without its CRLF, or null when it closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var line = await ReadLineBytesAsync();
        return line is null ? null : Encoding.UTF8.GetString(line, 0, line.Length - 1).TrimEnd('\r');
    }

    /// <summary>
    /// The next line's octets up to and including its LF, or null when the server closed the connection: for
    /// messages whose bytes must be compared exactly (an 8-bit body is not always UTF-8).
    /// </summary>
    public async Task<byte[]?> ReadLineBytesAsync()
    {
        while (true)
        {
            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                var line = _buffer.AsSpan(_start, lf + 1 - _start).ToArray();
                _start = lf + 1;
                _transcript.Append("S: ").AppendLine(Encoding.UTF8.GetString(line).TrimEnd('\r', '\n'));
                return line;
            }

            if (!await FillAsync())
            {
                return null;
            }
        }
    }

    /// <summary>Exactly <paramref name="count"/> octets (an IMAP literal's), or a failure if the connection closes first.</summary>
    public async Task<byte[]> ReadBytesAsync(int count)
    {
        while (_end - _start < count)
        {
            if (!await FillAsync())
            {
                throw new XunitException($"the connection closed {_end - _start} octets into a literal of {count}\n{Transcript}");
            }
        }

        var bytes = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        _transcript.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"S: ({count} octets)"));
        return bytes;
    }

    // Reads more from the server behind what is buffered; false when it closed the connection.
    private async Task<bool> FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
        }

        if (_end == _buffer.Length)
        {
            throw new XunitException($"a line or literal longer than {_buffer.Length} octets\n{Transcript}");
        }

        using var timeout = new CancellationTokenSource(Patience);
        int read;
        try
        {
            read = await _stream.ReadAsync(_buffer.AsMemory(_end), timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"no line from the server within {Patience.TotalSeconds} s\n{Transcript}");
        }
        catch (IOException)
        {
            read = 0; // reset by the server: closed as far as a client can tell
        }

        if (read == 0)
        {
            _transcript.AppendLine("S: (closed)");
            return false;
        }

        _end += read;
        return true;
    }

    /// <summary>Reads a line that must start with <paramref name="prefix"/>.</summary>
    public async Task<string> ExpectAsync(string prefix)
    {
        var line = await ReadLineAsync();
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new XunitException($"expected a line starting with '{prefix}', got {(line is null ? "the connection closed" : $"'{line}'")}\n{Transcript}");
        }

        return line;
    }

    /// <summary>Sends a command and expects a one-line reply starting with <paramref name="prefix"/>.</summary>
    public async Task<string> CommandAsync(string command, string prefix)
    {
        await SendAsync(command);
        return await ExpectAsync(prefix);
    }

    /// <summary>The rest of a POP3 multi-line reply after its status line: the lines, un-stuffed, up to the ".".</summary>
    public async Task<List<string>> ReadPop3BlockAsync()
    {
        var lines = new List<string>();
        while (await ReadLineAsync() is { } line)
        {
            if (line == ".")
            {
                return lines;
            }

            lines.Add(line.StartsWith('.') ? line[1..] : line);
        }

        throw new XunitException($"the connection closed inside a multi-line reply\n{Transcript}");
    }

    /// <summary>Sends a POP3 command whose answer is "+OK" and a multi-line block; returns the block's lines.</summary>
    public async Task<List<string>> Pop3BlockAsync(string command)
    {
        await CommandAsync(command, "+OK");
        return await ReadPop3BlockAsync();
    }

    /// <summary>Sends an SMTP command and reads its whole reply, whose code must be <paramref name="code"/>; returns the reply's lines.</summary>
    public async Task<List<string>> SmtpAsync(string command, string code)
    {
        await SendAsync(command);
        return await SmtpReplyAsync(code);
    }

    /// <summary>Reads a whole SMTP reply ("250-…" lines, then "250 …"), whose code must be <paramref name="code"/>.</summary>
    public async Task<List<string>> SmtpReplyAsync(string code)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ExpectAsync(code);
            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return lines;
            }
        }
    }

    /// <summary>Expects the server to close the connection next, after any lines it still sends.</summary>
    public async Task ExpectClosedAsync()
    {
        while (await ReadLineAsync() is not null)
        {
        }
    }

    /// <summary>Switches to TLS, trusting whatever certificate the test server shows.</summary>
    public async Task StartTlsAsync()
    {
        if (_end != _start)
        {
            throw new XunitException($"the server sent more before the TLS handshake\n{Transcript}");
        }

        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }).WaitAsync(Patience);
        _stream = tls;
        _transcript.AppendLine("-- TLS --");
    }

    /// <summary>Closes at once with a TCP reset, as a crashed client or a pulled cable would.</summary>
    public void Abort()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}

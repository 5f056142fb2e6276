using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// An IMAP client of a socket and a byte buffer, for timing: a command is timed from writing its line to reading its
/// tagged answer, with nothing in between but scanning the lines for their end (literals skipped by their length).
/// A library client would add its own parsing of every response to the figure, and differently for each server.
/// </summary>
public sealed class RawImapClient : IAsyncDisposable
{
    // A server that stops answering fails the run rather than hanging it; the slowest answer seen, a FETCH of 1,000
    // letters before the summary cache, took seconds.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _tag;

    private RawImapClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects and reads the greeting.</summary>
    /// <exception cref="InvalidOperationException">The greeting is not <c>* OK</c>.</exception>
    public static async Task<RawImapClient> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(endPoint.Host, endPoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var client = new RawImapClient(tcp);
        try
        {
            var greeting = await client.ReadResponseAsync(cancellationToken).ConfigureAwait(false);
            if (!greeting.StartsWith("* OK", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"IMAP greeting from {endPoint.Host}:{endPoint.Port}: {greeting}");
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connects and logs in.</summary>
    public static async Task<RawImapClient> LoginAsync(DnsEndPoint endPoint, string user, string password, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        try
        {
            (await client.RunAsync($"LOGIN {Quoted(user)} {Quoted(password)}", cancellationToken).ConfigureAwait(false)).EnsureOk("LOGIN");
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends <paramref name="command"/> under a new tag and reads up to its tagged answer.</summary>
    /// <exception cref="TimeoutException">No tagged answer within two minutes.</exception>
    public async Task<ImapReply> RunAsync(string command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            return await RunUntilAnsweredAsync(command, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"IMAP '{command}' had no answer within {CommandTimeout.TotalMinutes:0} minutes");
        }
    }

    private async Task<ImapReply> RunUntilAnsweredAsync(string command, CancellationToken cancellationToken)
    {
        var tag = "b" + (++_tag).ToString(CultureInfo.InvariantCulture);
        var line = Encoding.UTF8.GetBytes($"{tag} {command}\r\n");
        var start = Stopwatch.GetTimestamp();
        await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        var fetches = 0;
        var exists = -1;
        while (true)
        {
            var response = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
            if (response.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                var elapsed = Stopwatch.GetElapsedTime(start);
                var status = response[(tag.Length + 1)..].Split(' ', 2)[0].ToUpperInvariant();
                return new ImapReply(status, response, fetches, exists, elapsed);
            }

            if (Untagged(response, "FETCH") is not null)
            {
                fetches++;
            }
            else if (Untagged(response, "EXISTS") is { } count)
            {
                exists = count;
            }
        }
    }

    /// <summary>Starts IDLE: sends the command and reads up to the server's <c>+</c>.</summary>
    public async Task StartIdleAsync(CancellationToken cancellationToken)
    {
        var tag = "b" + (++_tag).ToString(CultureInfo.InvariantCulture);
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{tag} IDLE\r\n"), cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var response = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
            if (response.StartsWith('+'))
            {
                return;
            }

            if (response.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"IMAP IDLE was answered: {response}");
            }
        }
    }

    /// <summary>While idling: waits for an untagged <c>EXISTS</c> above <paramref name="above"/>; its count and <see cref="Stopwatch"/> timestamp.</summary>
    public async Task<(int Count, long Timestamp)> WaitForExistsAsync(int above, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            if (Untagged(response, "EXISTS") is { } count && count > above)
            {
                return (count, now);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        // No LOGOUT: the figures are taken, and a closed socket ends the session on both servers the same way.
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // "* 12 EXISTS" → 12 for keyword EXISTS; null for any other line.
    private static int? Untagged(string response, string keyword)
    {
        if (!response.StartsWith("* ", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = response.Split(' ', 4);
        return parts.Length >= 3 && parts[2].Equals(keyword, StringComparison.OrdinalIgnoreCase)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    // One response: its first line, after skipping any literal {n} it carries and the lines that continue it.
    private async Task<string> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var first = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var line = first;
        while (LiteralLength(line) is { } length)
        {
            await SkipAsync(length, cancellationToken).ConfigureAwait(false);
            line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }

        return first;
    }

    // "... {123}" or "... {123+}" at the end of a line: 123.
    private static long? LiteralLength(string line)
    {
        if (!line.EndsWith('}'))
        {
            return null;
        }

        var open = line.LastIndexOf('{');
        var digits = line[(open + 1)..^1].TrimEnd('+');
        return open >= 0 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        StringBuilder? longLine = null;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var text = Encoding.Latin1.GetString(_buffer, _start, newline - _start);
                _start = newline + 1;
                return (longLine is null ? text : longLine.Append(text).ToString()).TrimEnd('\r');
            }

            (longLine ??= new StringBuilder()).Append(Encoding.Latin1.GetString(_buffer, _start, _end - _start));
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        if (_end == 0)
        {
            throw new IOException("the IMAP server closed the connection");
        }
    }
}

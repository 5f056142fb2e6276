using System.Text;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.MailPorts.Smtp;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.Pipelining;

/// <summary>
/// SMTP replies to pipelined commands (RFC 2920): held while the client's next command is already in, written
/// together once it is not, and never lost when the connection ends. Over an in-memory client whose every write
/// the server makes is recorded, so "one write" is what is asserted, not what a socket happened to deliver.
/// </summary>
public sealed class ReplyWriterTests : IAsyncDisposable
{
    private readonly ScriptedClient _client = new();
    private readonly LineConnection _connection;
    private readonly ReplyWriter _replies;

    public ReplyWriterTests()
    {
        _connection = new LineConnection(_client, "test", new ManualTimeProvider(), TimeSpan.FromMinutes(10), CancellationToken.None);
        _replies = new ReplyWriter(_connection);
    }

    [Fact]
    public async Task RepliesToPipelinedCommandsGoOutTogetherOnceNoCommandIsLeft()
    {
        _client.Sends("MAIL FROM:<alice@x>\r\nRCPT TO:<bob@x>\r\nRCPT TO:<carol@x>\r\n");

        await ReadAsync("MAIL FROM:<alice@x>");
        Assert.True(await _replies.WriteLineAsync("250 2.1.0 sender ok"));
        await ReadAsync("RCPT TO:<bob@x>");
        Assert.True(await _replies.WriteLineAsync("250 2.1.5 bob ok"));
        Assert.Empty(_client.Received);

        await ReadAsync("RCPT TO:<carol@x>");
        Assert.True(await _replies.WriteLineAsync("250 2.1.5 carol ok"));
        Assert.Equal(["250 2.1.0 sender ok\r\n250 2.1.5 bob ok\r\n250 2.1.5 carol ok\r\n"], _client.Received);
    }

    [Fact]
    public async Task AReplyWithNothingMoreFromTheClientGoesOutAtOnceEvenBehindAPartLine()
    {
        _client.Sends("NOOP\r\nNO");

        await ReadAsync("NOOP");
        Assert.True(await _replies.WriteLineAsync("250 2.0.0 OK"));
        Assert.Equal(["250 2.0.0 OK\r\n"], _client.Received);
    }

    [Fact]
    public async Task HeldRepliesGoOutBeforeTheClosingLineAndWhenAsked()
    {
        _client.Sends("NOOP\r\nNOOP\r\nNOOP\r\n");

        await ReadAsync("NOOP");
        Assert.True(await _replies.WriteLineAsync("250 2.0.0 first"));
        Assert.True(await _replies.SendHeldAsync());
        await ReadAsync("NOOP");
        Assert.True(await _replies.WriteLineAsync("250 2.0.0 second"));
        await _replies.CloseAsync("421 4.3.2 closing");
        Assert.False(await _replies.WriteLineAsync("250 2.0.0 dropped after the close"));

        Assert.Equal(["250 2.0.0 first\r\n", "250 2.0.0 second\r\n", "421 4.3.2 closing\r\n"], _client.Received);
    }

    [Fact]
    public async Task AClientThatPipelinesWithoutReadingHasAtMost16KiBHeld()
    {
        // Short commands and long replies: the input holds hundreds of commands at a time, far more than 16 KiB of
        // replies to them.
        const int commands = 200;
        var reply = "250 " + new string('x', 996);
        _client.Sends(string.Concat(Enumerable.Repeat("NOOP\r\n", commands)));

        for (var i = 0; i < commands; i++)
        {
            await ReadAsync("NOOP");
            Assert.True(await _replies.WriteLineAsync(reply));
            Assert.InRange(((i + 1) * (reply.Length + 2)) - _client.Received.Sum(w => w.Length), 0, 16 * 1024);
        }

        Assert.InRange(_client.Received.Count, 2, commands);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task ReadAsync(string expected)
    {
        var read = await _connection.ReadLineAsync(512);
        Assert.Equal((LineStatus.Line, expected), (read.Status, Encoding.ASCII.GetString(read.Bytes)));
    }

    // The client: what it sent is there to read at once, all of it in one read as a pipelining client's commands
    // arrive, and then the input waits; every write of the server is kept as it came.
    private sealed class ScriptedClient : Stream
    {
        private readonly TaskCompletionSource<int> _never = new();
        private byte[] _input = [];
        private int _read;

        public List<string> Received { get; } = [];

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Sends(string text) => _input = Encoding.ASCII.GetBytes(text);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read == _input.Length)
            {
                return await _never.Task.WaitAsync(cancellationToken);
            }

            var count = Math.Min(buffer.Length, _input.Length - _read);
            _input.AsMemory(_read, count).CopyTo(buffer);
            _read += count;
            return count;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Received.Add(Encoding.ASCII.GetString(buffer.Span));
            return ValueTask.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.LineProtocol;

/// <summary>The line reader under both protocols, over a real loopback socket.</summary>
public sealed class LineConnectionTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpClient _client = null!;
    private LineConnection _connection = null!;

    public async Task InitializeAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _client = new TcpClient();
        await _client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        _connection = new LineConnection(await listener.AcceptSocketAsync(), _time, TimeSpan.FromMinutes(10), _stopping.Token);
    }

    [Fact]
    public async Task LinesEndWithCrlfOrABareLineFeedAndKeepEveryOtherByte()
    {
        await SendAsync("one\r\ntwo\nthree\rstill three\r\n\r\n\0nul\r\n");

        foreach (var expected in new[] { "one", "two", "three\rstill three", "", "\0nul" })
        {
            var read = await _connection.ReadLineAsync(512);
            Assert.Equal((LineStatus.Line, expected), (read.Status, Encoding.UTF8.GetString(read.Bytes)));
        }
    }

    [Fact]
    public async Task ALineOverTheLimitIsSkippedWholeAndTheNextOneIsRead()
    {
        await SendAsync(new string('a', 10_000) + "\r\nnext\r\n" + new string('b', 511) + "\r\n");

        var skipped = await _connection.ReadLineAsync(512);
        Assert.Equal((LineStatus.TooLong, 10_002L), (skipped.Status, skipped.Discarded));
        Assert.Equal("next", Encoding.UTF8.GetString((await _connection.ReadLineAsync(512)).Bytes));
        // The limit counts the line end too.
        Assert.Equal(LineStatus.TooLong, (await _connection.ReadLineAsync(512)).Status);
    }

    [Fact]
    public async Task ALineThatNeverEndsOverflowsAndTheNextReadGoesOnDiscarding()
    {
        await SendAsync(new string('z', 200_000));

        var first = await _connection.ReadLineAsync(512);
        Assert.Equal(LineStatus.Overflow, first.Status);
        Assert.InRange(first.Discarded, LineConnection.DefaultMaxDiscard, 200_000);

        await SendAsync("\r\nafter\r\n");
        var rest = await _connection.ReadLineAsync(512, maxDiscard: long.MaxValue);
        Assert.Equal((LineStatus.TooLong, 200_002L), (rest.Status, first.Discarded + rest.Discarded));
        Assert.Equal("after", Encoding.UTF8.GetString((await _connection.ReadLineAsync(512)).Bytes));
    }

    [Fact]
    public async Task WholeBufferedLinesAreTakenWithoutWaitingAndTheRestIsLeftToTheNextRead()
    {
        await SendAsync("first\r\nsecond\nthe third is long\r\npart");

        Assert.Equal("first", Encoding.UTF8.GetString((await _connection.ReadLineAsync(512)).Bytes));
        Assert.True(_connection.HasBufferedLine());
        Assert.True(_connection.HasBufferedLine()); // it takes nothing
        Assert.True(_connection.TryReadBufferedLine(512, out var second));
        Assert.Equal("second", Encoding.UTF8.GetString(second));

        // Over the limit: left for the read, which says so; a line without its end yet: left too.
        Assert.False(_connection.TryReadBufferedLine(8, out _));
        var third = await _connection.ReadLineAsync(8);
        Assert.Equal((LineStatus.TooLong, 19L), (third.Status, third.Discarded));
        Assert.False(_connection.TryReadBufferedLine(512, out var none));
        Assert.Empty(none);
        Assert.False(_connection.HasBufferedLine()); // "part" has no end yet
        await SendAsync("ial\r\n");
        Assert.Equal("partial", Encoding.UTF8.GetString((await _connection.ReadLineAsync(512)).Bytes));
        Assert.False(_connection.TryReadBufferedLine(512, out _));
    }

    [Fact]
    public async Task AClientThatGoesAwayMidLineIsClosed()
    {
        await SendAsync("QUI");
        _client.Client.Shutdown(SocketShutdown.Send);
        Assert.Equal(LineStatus.Closed, (await _connection.ReadLineAsync(512)).Status);
    }

    [Fact]
    public async Task SilenceForTheIdleTimeoutOnTheInjectedClockEndsTheRead()
    {
        var read = _connection.ReadLineAsync(512).AsTask();
        _time.Advance(TimeSpan.FromMinutes(9));
        await SendAsync("in time\r\n");
        Assert.Equal("in time", Encoding.UTF8.GetString((await read).Bytes));

        // The clock only runs against the client while the server waits on it.
        _time.Advance(TimeSpan.FromMinutes(30));
        read = _connection.ReadLineAsync(512).AsTask();
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(LineStatus.IdleTimeout, (await read).Status);
    }

    [Fact]
    public async Task TheSiloStoppingEndsARead()
    {
        var read = _connection.ReadLineAsync(512).AsTask();
        await _stopping.CancelAsync();
        Assert.Equal(LineStatus.ShuttingDown, (await read).Status);
    }

    [Fact]
    public async Task ImapLiteralsAreReadAsExactOctetsLineEndsIncludedAndTheLineAfterThemToo()
    {
        await SendAsync("a\r\nb\0\r\xff tail\r\n");

        var empty = await _connection.ReadBytesAsync(0);
        Assert.Equal((LineStatus.Line, 0), (empty.Status, empty.Bytes.Length));
        var literal = await _connection.ReadBytesAsync(7);
        Assert.Equal((LineStatus.Line, "a\r\nb\0\r\xff"), (literal.Status, Encoding.Latin1.GetString(literal.Bytes)));
        Assert.Equal(" tail", Encoding.UTF8.GetString((await _connection.ReadLineAsync(512)).Bytes));
    }

    [Fact]
    public async Task AnImapLiteralTheClientStopsSendingEndsWithTheIdleTimeout()
    {
        var read = _connection.ReadBytesAsync(100).AsTask();
        await SendAsync("only a few");
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(LineStatus.IdleTimeout, (await read).Status);
    }

    [Fact]
    public async Task AnImapLiteralCutShortByTheClientClosingEndsTheRead()
    {
        var read = _connection.ReadBytesAsync(100).AsTask();
        await SendAsync("only a few");
        _client.Client.Shutdown(SocketShutdown.Send);
        Assert.Equal(LineStatus.Closed, (await read).Status);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task SendAsync(string text)
    {
        await _client.GetStream().WriteAsync(Encoding.Latin1.GetBytes(text));
        await _client.GetStream().FlushAsync();
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using Maildriver.Runtime;
using Maildriver.Runtime.Client;
using Maildriver.Grains.Configuration;
using Maildriver.Runtime.Gateway;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Maildriver.Tests.Runtime.Transport;

public sealed class GatewayServerTests
{
    private const long SmallLimit = 4 * 1024;

    private readonly MachineConfig _md1 = TestSilos.Machine("MD1");
    private readonly FakeCallHandler _handler = new();

    private GatewayServer Gateway(long maxRequestBodyBytes = GatewayServer.DefaultMaxRequestBodyBytes)
        => new(_md1, NullLoggerFactory.Instance, maxRequestBodyBytes);

    private HttpGatewayConnection Connection() => new(new DnsEndPoint("127.0.0.1", _md1.GatewayPort));

    private Uri Url(string path) => new($"http://127.0.0.1:{_md1.GatewayPort}{path}");

    [Fact]
    public async Task InvokeRoundTripsThroughTheHttpGatewayConnection()
    {
        using var guard = TestSilos.Guard();
        await using var gateway = Gateway();
        await gateway.StartAsync(_handler, guard.Token);
        await using var connection = Connection();

        var response = await connection.SendAsync(FakeCallHandler.Request(FakeCallHandler.Echo, "hello"), guard.Token);

        Assert.Equal("hello", response.Result!.Value[0].GetString());
        Assert.Equal($"127.0.0.1:{_md1.GatewayPort}", connection.Name);
        var call = Assert.Single(_handler.Calls);
        Assert.Null(call.Source);
        Assert.Equal(FakeCallHandler.Echo, call.Request.Method);
    }

    [Fact]
    public async Task OnlyTheInvokePathIsServed()
    {
        using var guard = TestSilos.Guard();
        await using var gateway = Gateway();
        await gateway.StartAsync(_handler, guard.Token);
        using var http = RawClient();

        using var stream = await http.PostAsync(Url("/silo/v1/stream"), new ByteArrayContent([]), guard.Token);
        using var root = await http.GetAsync(Url("/"), guard.Token);
        using var get = await http.GetAsync(Url("/gateway/v1/invoke"), guard.Token);

        Assert.Equal(HttpStatusCode.NotFound, stream.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Empty(_handler.Calls);
    }

    [Fact]
    public async Task MalformedJsonGets400WithAMessage()
    {
        using var guard = TestSilos.Guard();
        await using var gateway = Gateway();
        await gateway.StartAsync(_handler, guard.Token);
        using var http = RawClient();

        using var broken = await http.PostAsync(Url("/gateway/v1/invoke"), Json("{\"interface\": "), guard.Token);
        using var incomplete = await http.PostAsync(Url("/gateway/v1/invoke"), Json("{\"interface\": \"I\", \"key\": \"MD1/x\"}"), guard.Token);

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not a valid WireRequest", await broken.Content.ReadAsStringAsync(guard.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Contains("method", await incomplete.Content.ReadAsStringAsync(guard.Token), StringComparison.Ordinal);
        Assert.Empty(_handler.Calls);
    }

    [Fact]
    public async Task ATooLargeBodyGets413()
    {
        using var guard = TestSilos.Guard();
        await using var gateway = Gateway(SmallLimit);
        await gateway.StartAsync(_handler, guard.Token);
        using var http = RawClient();
        var big = FakeCallHandler.Request(FakeCallHandler.Echo, new string('x', (int)SmallLimit));

        // Far beyond what socket buffers absorb: the refusal must still arrive as a 413, not as a cut upload.
        var huge = FakeCallHandler.Request(FakeCallHandler.Echo, new string('x', 8 * 1024 * 1024));

        using var declared = await http.PostAsync(Url("/gateway/v1/invoke"), Json(new string(' ', (int)SmallLimit + 1)), guard.Token);
        await using var connection = Connection();
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => connection.SendAsync(big, guard.Token));
        var refusedHuge = await Assert.ThrowsAsync<ArgumentException>(() => connection.SendAsync(huge, guard.Token));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Contains("413", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at most 4096", refused.Message, StringComparison.Ordinal);
        Assert.Contains("413", refusedHuge.Message, StringComparison.Ordinal);
        Assert.Empty(_handler.Calls);
    }

    [Fact]
    public async Task ATooLargeBodyWithoutContentLengthGets413()
    {
        using var guard = TestSilos.Guard();
        await using var gateway = Gateway(SmallLimit);
        await gateway.StartAsync(_handler, guard.Token);
        using var http = RawClient();
        var content = new StreamContent(new UnknownLengthStream(new byte[SmallLimit * 4]));

        using var response = await http.PostAsync(Url("/gateway/v1/invoke"), content, guard.Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_handler.Calls);
    }

    [Fact]
    public async Task AGatewayThatIsDownIsUnavailableAtOnce()
    {
        using var guard = TestSilos.Guard();
        await using var connection = Connection();

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => connection.SendAsync(FakeCallHandler.Request(FakeCallHandler.Echo), guard.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(connection.Name, failure.Silo);
    }

    [Fact]
    public async Task AConnectionCutMidCallIsUnavailable()
    {
        using var guard = TestSilos.Guard();
        var gateway = Gateway();
        await using var connection = Connection();
        try
        {
            await gateway.StartAsync(_handler, guard.Token);
            var call = connection.SendAsync(FakeCallHandler.Request(FakeCallHandler.Hang), guard.Token);
            await _handler.WaitForWaitingAsync(1, guard.Token);

            await gateway.AbortAsync();

            await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
            Assert.False(guard.IsCancellationRequested);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task AHandlerCrashIsA5xxAndUnavailable()
    {
        using var guard = TestSilos.Guard();
        await using var gateway = Gateway();
        await gateway.StartAsync(_handler, guard.Token);
        await using var connection = Connection();

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => connection.SendAsync(FakeCallHandler.Request(FakeCallHandler.Throw), guard.Token));

        Assert.Contains("HTTP 500", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileTheSiloTurnsClientsAwayCallsAreRefusedWith503SoClientsMoveOn()
    {
        using var guard = TestSilos.Guard();
        await using var gateway = Gateway();
        await gateway.StartAsync(_handler, guard.Token);
        await using var connection = Connection();

        _handler.Refusal = "MD1 is being rebuilt from the other machines";
        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => connection.SendAsync(FakeCallHandler.Request(FakeCallHandler.Echo, "early"), guard.Token));
        Assert.Contains("HTTP 503", refused.Message, StringComparison.Ordinal);
        Assert.Contains("being rebuilt", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_handler.Calls);

        _handler.Refusal = null;
        var response = await connection.SendAsync(FakeCallHandler.Request(FakeCallHandler.Echo, "ready"), guard.Token);
        Assert.Equal("ready", response.Result!.Value[0].GetString());
    }

    [Fact]
    public async Task TheCallersTokenCancelsAWaitingCall()
    {
        using var guard = TestSilos.Guard();
        await using var gateway = Gateway();
        await gateway.StartAsync(_handler, guard.Token);
        await using var connection = Connection();
        using var callTimeout = CancellationTokenSource.CreateLinkedTokenSource(guard.Token);

        var call = connection.SendAsync(FakeCallHandler.Request(FakeCallHandler.Hang), callTimeout.Token);
        await _handler.WaitForWaitingAsync(1, guard.Token);
        await callTimeout.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    // HTTP/1.1, what curl and every other tool speaks to a cleartext gateway.
    private static HttpClient RawClient() => new(new SocketsHttpHandler { UseProxy = false });

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>A readable stream that will not tell its length, so the body goes out without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

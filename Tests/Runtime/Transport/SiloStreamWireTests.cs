using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Maildriver.Grains.Configuration;
using Maildriver.Runtime.Transport.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Maildriver.Tests.Runtime.Transport;

/// <summary>The silo stream spoken by hand, to see how the serving end treats frames a silo would never send.</summary>
public sealed class SiloStreamWireTests
{
    private readonly MachineConfig _md1 = TestSilos.Machine("MD1");
    private readonly MachineConfig _md2 = TestSilos.Machine("MD2");
    private readonly FakeCallHandler _handler = new();

    [Fact]
    public async Task AnUnreadableRequestIsAnsweredWithAnErrorUnderItsCorrelationId()
    {
        using var guard = TestSilos.Guard();
        await using var target = await StartTargetAsync(guard.Token);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using var response = await http.SendAsync(StreamRequest(Frame(1, 42, "{not json")), guard.Token);
        var body = new ReadOnlySequence<byte>(await response.Content.ReadAsByteArrayAsync(guard.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(FrameCodec.TryRead(ref body, out var kind, out var correlationId, out var payload));
        Assert.Equal(FrameKind.Response, kind);
        Assert.Equal(42, correlationId);
        Assert.Equal(typeof(System.Text.Json.JsonException).FullName, FrameCodec.ReadResponse(payload).Error!.Type);
        Assert.True(body.IsEmpty);
        Assert.Empty(_handler.Calls);
    }

    [Theory]
    [InlineData(2)] // a response frame sent to the serving end
    [InlineData(-1)] // a negative length
    public async Task AFramingViolationResetsTheStream(int kindOrLength)
    {
        using var guard = TestSilos.Guard();
        await using var target = await StartTargetAsync(guard.Token);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var frame = kindOrLength < 0 ? Header(kindOrLength, 1, 1) : Frame((byte)kindOrLength, 1, "{}");

        using var response = await http.SendAsync(StreamRequest(frame), HttpCompletionOption.ResponseHeadersRead, guard.Token);

        // Reset, not ended: a clean end would read as an empty body.
        await Assert.ThrowsAsync<HttpRequestException>(() => response.Content.ReadAsByteArrayAsync(guard.Token));
        Assert.Empty(_handler.Calls);
    }

    private async Task<HttpSiloTransport> StartTargetAsync(CancellationToken cancellationToken)
    {
        var target = new HttpSiloTransport(_md2, [_md1, _md2], TestSilos.Secret, NullLoggerFactory.Instance);
        try
        {
            await target.StartAsync(_handler, cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    private HttpRequestMessage StreamRequest(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_md2.SiloPort}/silo/v1/stream")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Headers.Add("X-Maildriver-Silo", "MD1");
        request.Headers.Add("X-Maildriver-Proof", new ClusterSecretProof(TestSilos.Secret, TimeProvider.System).Create("MD1", "MD2"));
        return request;
    }

    private static byte[] Frame(byte kind, long correlationId, string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        return [.. Header(payload.Length, kind, correlationId), .. payload];
    }

    private static byte[] Header(int length, byte kind, long correlationId)
    {
        var header = new byte[FrameCodec.HeaderSize];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        header[4] = kind;
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(5), correlationId);
        return header;
    }
}

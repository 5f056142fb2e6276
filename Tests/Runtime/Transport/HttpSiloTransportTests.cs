using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Maildriver.Runtime;
using Maildriver.Grains.Configuration;
using Maildriver.Runtime.Messaging;
using Maildriver.Runtime.Transport.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Maildriver.Tests.Runtime.Transport;

public sealed class HttpSiloTransportTests
{
    private readonly MachineConfig _md1 = TestSilos.Machine("MD1");
    private readonly MachineConfig _md2 = TestSilos.Machine("MD2");

    private MachineConfig[] Machines => [_md1, _md2];

    private HttpSiloTransport Transport(MachineConfig local, string secret = TestSilos.Secret)
        => new(local, Machines, secret, NullLoggerFactory.Instance);

    [Fact]
    public async Task CallsTravelBothWaysAndNameTheirSource()
    {
        using var guard = TestSilos.Guard();
        var handler1 = new FakeCallHandler();
        var handler2 = new FakeCallHandler();
        await using var t1 = Transport(_md1);
        await using var t2 = Transport(_md2);
        await t1.StartAsync(handler1, guard.Token);
        await t2.StartAsync(handler2, guard.Token);

        var to2 = await t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, "to two"), guard.Token);
        var to1 = await t2.SendAsync("MD1", FakeCallHandler.Request(FakeCallHandler.Echo, "to one"), guard.Token);

        Assert.Equal("to two", to2.Result!.Value[0].GetString());
        Assert.Equal("to one", to1.Result!.Value[0].GetString());
        Assert.Equal("MD1", Assert.Single(handler2.Calls).Source);
        Assert.Equal("MD2", Assert.Single(handler1.Calls).Source);
    }

    [Fact]
    public async Task TwoThousandConcurrentCallsEachGetTheirOwnAnswer()
    {
        using var guard = TestSilos.Guard(60);
        await using var t1 = Transport(_md1);
        await using var t2 = Transport(_md2);
        await t1.StartAsync(new FakeCallHandler(), guard.Token);
        await t2.StartAsync(new FakeCallHandler(), guard.Token);

        var calls = Enumerable.Range(0, 2000)
            .Select(i => t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, i), guard.Token))
            .ToArray();
        var responses = await Task.WhenAll(calls);

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Null(responses[i].Error);
            Assert.Equal(i, responses[i].Result!.Value[0].GetInt32());
        }
    }

    [Fact]
    public async Task ACallWaitingInItsHandlerDoesNotHoldUpTheCallsBehindIt()
    {
        using var guard = TestSilos.Guard();
        var handler2 = new FakeCallHandler();
        await using var t1 = Transport(_md1);
        await using var t2 = Transport(_md2);
        await t2.StartAsync(handler2, guard.Token);

        var gated = t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Gate, "first"), guard.Token);
        await handler2.WaitForWaitingAsync(1, guard.Token);
        var behind = await t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, "second"), guard.Token);

        Assert.Equal("second", behind.Result!.Value[0].GetString());
        Assert.False(gated.IsCompleted);
        handler2.OpenGate();
        Assert.Equal("first", (await gated).Result!.Value[0].GetString());
    }

    [Fact]
    public async Task LargeMessagesCrossTheStreamIntactBetweenSmallOnes()
    {
        using var guard = TestSilos.Guard();
        await using var t1 = Transport(_md1);
        await using var t2 = Transport(_md2);
        await t2.StartAsync(new FakeCallHandler(), guard.Token);
        var large = string.Create(6 * 1024 * 1024, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });

        var calls = new[]
        {
            t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, "before"), guard.Token),
            t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, large), guard.Token),
            t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, "after"), guard.Token),
        };
        var responses = await Task.WhenAll(calls);

        Assert.Equal("before", responses[0].Result!.Value[0].GetString());
        Assert.Equal(large, responses[1].Result!.Value[0].GetString());
        Assert.Equal("after", responses[2].Result!.Value[0].GetString());
    }

    [Fact]
    public async Task UnansweredCallEndsWhenItsTokenIsCancelledAndTheStreamStaysUsable()
    {
        using var guard = TestSilos.Guard();
        var handler2 = new FakeCallHandler();
        await using var t1 = Transport(_md1);
        await using var t2 = Transport(_md2);
        await t2.StartAsync(handler2, guard.Token);

        using var callTimeout = CancellationTokenSource.CreateLinkedTokenSource(guard.Token);
        var hanging = t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Hang), callTimeout.Token);
        await handler2.WaitForWaitingAsync(1, guard.Token);
        Assert.False(hanging.IsCompleted);

        await callTimeout.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
        var next = await t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, 7), guard.Token);
        Assert.Equal(7, next.Result!.Value[0].GetInt32());

        // The hung handler would hold an orderly stop for its whole shutdown timeout; crash it away instead.
        await t2.AbortAsync();
    }

    [Fact]
    public async Task AbortingTheTargetFailsPendingCallsAndNewCallsFailFast()
    {
        using var guard = TestSilos.Guard();
        var handler2 = new FakeCallHandler();
        await using var t1 = Transport(_md1);
        await using var t2 = Transport(_md2);
        await t2.StartAsync(handler2, guard.Token);

        var pending = Enumerable.Range(0, 10)
            .Select(_ => t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Hang), guard.Token))
            .ToArray();
        await handler2.WaitForWaitingAsync(pending.Length, guard.Token);

        await t2.AbortAsync();

        foreach (var call in pending)
        {
            // The guard token is still live: a cancellation here would mean the call only ended by timing out.
            var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
            Assert.Equal("MD2", failure.Silo);
        }

        Assert.False(guard.IsCancellationRequested);

        // The first call after the crash reconnects and is refused; either way it must not wait for its token.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var clock = Stopwatch.StartNew();
            var failure = await Assert.ThrowsAsync<SiloUnavailableException>(
                () => t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, attempt), guard.Token));
            Assert.Equal("MD2", failure.Silo);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"attempt {attempt} took {clock.Elapsed}");
        }
    }

    [Fact]
    public async Task RestartedTargetIsReachableAgainOnTheSamePort()
    {
        using var guard = TestSilos.Guard();
        await using var t1 = Transport(_md1);
        await using (var first = Transport(_md2))
        {
            await first.StartAsync(new FakeCallHandler(), guard.Token);
            var before = await t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, 1), guard.Token);
            Assert.Equal(1, before.Result!.Value[0].GetInt32());
            await first.AbortAsync();
        }

        await Assert.ThrowsAsync<SiloUnavailableException>(
            () => t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, 2), guard.Token));

        var handler = new FakeCallHandler();
        await using var restarted = Transport(_md2);
        await restarted.StartAsync(handler, guard.Token);

        var after = await t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo, 3), guard.Token);
        Assert.Equal(3, after.Result!.Value[0].GetInt32());
        Assert.Equal("MD1", Assert.Single(handler.Calls).Source);
    }

    [Fact]
    public async Task OrderlyDisposeAnswersTheCallsItAlreadyReadThenRefusesNewOnes()
    {
        using var guard = TestSilos.Guard();
        var handler2 = new FakeCallHandler();
        await using var t1 = Transport(_md1);
        var t2 = Transport(_md2);
        try
        {
            await t2.StartAsync(handler2, guard.Token);
            var gated = t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Gate, "answered"), guard.Token);
            await handler2.WaitForWaitingAsync(1, guard.Token);

            var disposing = t2.DisposeAsync().AsTask();
            Assert.False(gated.IsCompleted);
            handler2.OpenGate();

            var response = await gated;
            Assert.Equal("answered", response.Result!.Value[0].GetString());
            await disposing;
        }
        finally
        {
            await t2.DisposeAsync();
        }

        await Assert.ThrowsAsync<SiloUnavailableException>(
            () => t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo), guard.Token));
    }

    [Fact]
    public async Task HandlerExceptionComesBackAsAnError()
    {
        using var guard = TestSilos.Guard();
        await using var t1 = Transport(_md1);
        await using var t2 = Transport(_md2);
        await t2.StartAsync(new FakeCallHandler(), guard.Token);

        var response = await t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Throw), guard.Token);

        Assert.Null(response.Result);
        Assert.Equal(typeof(InvalidOperationException).FullName, response.Error!.Type);
        Assert.Equal("the handler failed", response.Error.Message);
    }

    [Fact]
    public async Task UnknownSiloIsUnavailable()
    {
        using var guard = TestSilos.Guard();
        await using var t1 = Transport(_md1);

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => t1.SendAsync("MD9", FakeCallHandler.Request(FakeCallHandler.Echo), guard.Token));

        Assert.Equal("MD9", failure.Silo);
        Assert.Contains("MD9", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecretIsRefusedAndTheHandlerSeesNothing()
    {
        using var guard = TestSilos.Guard();
        var handler2 = new FakeCallHandler();
        await using var t1 = Transport(_md1, secret: "not-the-cluster-secret-at-all");
        await using var t2 = Transport(_md2);
        await t2.StartAsync(handler2, guard.Token);

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(
            () => t1.SendAsync("MD2", FakeCallHandler.Request(FakeCallHandler.Echo), guard.Token));

        Assert.Contains("401", failure.Message, StringComparison.Ordinal);
        Assert.Empty(handler2.Calls);
    }

    [Fact]
    public async Task RawStreamsWithoutAValidProofGet401AndOtherPathsGet404()
    {
        using var guard = TestSilos.Guard();
        var handler2 = new FakeCallHandler();
        await using var t2 = Transport(_md2);
        await t2.StartAsync(handler2, guard.Token);
        using var http = RawHttp2Client();
        var stream = new Uri($"http://127.0.0.1:{_md2.SiloPort}/silo/v1/stream");
        var current = new ClusterSecretProof(TestSilos.Secret, TimeProvider.System);
        var stale = new ClusterSecretProof(TestSilos.Secret, new ShiftedTimeProvider(TimeSpan.FromMinutes(-10)));

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, stream, source: null, proof: null, guard.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, stream, "MD1", proof: null, guard.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, stream, "MD1", stale.Create("MD1", "MD2"), guard.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, stream, "MD1", current.Create("MD1", "MD3"), guard.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, stream, "MD9", current.Create("MD9", "MD2"), guard.Token));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(
            http, new Uri($"http://127.0.0.1:{_md2.SiloPort}/gateway/v1/invoke"), "MD1", current.Create("MD1", "MD2"), guard.Token));
        Assert.Empty(handler2.Calls);
    }

    private static HttpClient RawHttp2Client() => new(new SocketsHttpHandler { UseProxy = false })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, Uri uri, string? source, string? proof, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent([]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (source is not null)
        {
            request.Headers.Add("X-Maildriver-Silo", source);
        }

        if (proof is not null)
        {
            request.Headers.Add("X-Maildriver-Proof", proof);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Tests.Runtime.Transport;

/// <summary>
/// A call handler whose behaviour is chosen by the method name: <see cref="Echo"/> answers with the arguments,
/// <see cref="Hang"/> never answers (until its token fires), <see cref="Gate"/> answers once the test opens the
/// gate, <see cref="Throw"/> throws. Every call is recorded.
/// </summary>
internal sealed class FakeCallHandler : IIncomingCallHandler
{
    public const string Echo = "Echo";
    public const string Hang = "Hang";
    public const string Gate = "Gate";
    public const string Throw = "Throw";

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What <see cref="ClientRefusal"/> answers: set it to turn clients away.</summary>
    public string? Refusal { get; set; }

    /// <inheritdoc/>
    public string? ClientRefusal => Refusal;

    /// <summary>Every call, with the source silo (null for client calls).</summary>
    public ConcurrentQueue<(string? Source, WireRequest Request)> Calls { get; } = new();

    /// <summary>Each <see cref="Hang"/> or <see cref="Gate"/> call, as it starts waiting.</summary>
    public Channel<WireRequest> Waiting { get; } = Channel.CreateUnbounded<WireRequest>();

    /// <summary>Lets every <see cref="Gate"/> call answer.</summary>
    public void OpenGate() => _gate.TrySetResult();

    public Task<WireResponse> HandleSiloCallAsync(string sourceSilo, WireRequest request, CancellationToken cancellationToken)
        => HandleAsync(sourceSilo, request, cancellationToken);

    public Task<WireResponse> HandleClientCallAsync(WireRequest request, CancellationToken cancellationToken)
        => HandleAsync(null, request, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> calls are waiting in the handler.</summary>
    public async Task WaitForWaitingAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await Waiting.Reader.ReadAsync(cancellationToken);
        }
    }

    private async Task<WireResponse> HandleAsync(string? source, WireRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue((source, request));
        switch (request.Method)
        {
            case Hang:
                Waiting.Writer.TryWrite(request);
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            case Gate:
                Waiting.Writer.TryWrite(request);
                await _gate.Task.WaitAsync(cancellationToken);
                return new WireResponse { Result = request.Arguments.Clone() };
            case Throw:
                throw new InvalidOperationException("the handler failed");
            default:
                return new WireResponse { Result = request.Arguments.Clone() };
        }
    }

    /// <summary>A request for <paramref name="method"/> whose single argument is <paramref name="argument"/>.</summary>
    public static WireRequest Request(string method, object? argument = null, string key = "MD1/test")
        => new()
        {
            Interface = "Maildriver.Tests.ITestGrain",
            Key = key,
            Method = method,
            Arguments = JsonSerializer.SerializeToElement(new[] { argument }, MailJson.Options),
            TimeoutMs = 30_000,
        };
}

using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Maildriver.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>
/// One long-lived duplex HTTP/2 request to a target silo: requests go out as frames on the request body, responses
/// come back as frames on the response body and complete their <see cref="PendingCall"/> by correlation id.
/// </summary>
/// <remarks>
/// A connection is used once: when anything goes wrong it fails, fails every call still waiting on it, and its
/// <see cref="SiloLink"/> opens a fresh one for the next call.
/// </remarks>
internal sealed class SiloStreamConnection
{
    // Flush at least this often while draining a long queue, so one burst cannot buffer without bound.
    private const int MaxUnflushedBytes = 256 * 1024;

    private readonly string _source;
    private readonly string _target;
    private readonly Uri _uri;
    private readonly HttpMessageInvoker _invoker;
    private readonly ClusterSecretProof _proof;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<OutboundFrame> _outbound = Channel.CreateUnbounded<OutboundFrame>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly CancellationTokenSource _abort = new();
    private long _nextCorrelationId;
    private Failure? _failure;
    private volatile bool _established;
    private volatile bool _closing;
    private Task _run = Task.CompletedTask;

    public SiloStreamConnection(
        string source,
        string target,
        Uri uri,
        HttpMessageInvoker invoker,
        ClusterSecretProof proof,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _source = source;
        _target = target;
        _uri = uri;
        _invoker = invoker;
        _proof = proof;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True once the connection has failed or been closed; it will not carry another call.</summary>
    public bool IsFailed => Volatile.Read(ref _failure) is not null;

    /// <summary>Opens the stream in the background; calls may be queued at once and go out when it is open.</summary>
    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Sends one serialized request and waits for its response or the caller's token.</summary>
    public async Task<WireResponse> SendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var call = new PendingCall(this, Interlocked.Increment(ref _nextCorrelationId));
        _pending[call.CorrelationId] = call;

        // Fail() publishes _failure before it sweeps _pending, and this reads _failure after publishing the call:
        // either the sweep sees the call or this check sees the failure, so no call is left waiting on a dead stream.
        var failure = Volatile.Read(ref _failure);
        if (failure is not null || !_outbound.Writer.TryWrite(new OutboundFrame(FrameKind.Request, call.CorrelationId, payload)))
        {
            if (_pending.TryRemove(call.CorrelationId, out _))
            {
                call.TrySetException(Unavailable(failure ?? new Failure("the connection is closing", null)));
            }
        }

        using var registration = cancellationToken.UnsafeRegister(PendingCall.CancelCallback, call);
        return await call.Task.ConfigureAwait(false);
    }

    /// <summary>Drops a call whose caller stopped waiting.</summary>
    public void Forget(long correlationId) => _pending.TryRemove(correlationId, out _);

    /// <summary>
    /// The orderly end: no new calls, the queued requests go out, the request body ends and the target finishes
    /// the calls it has before ending its response. After <paramref name="timeout"/> the connection is cut.
    /// </summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        _closing = true;
        _outbound.Writer.TryComplete();
        try
        {
            await _run.WaitAsync(timeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Fail("closed before the silo answered every call", null);
            await _run.ConfigureAwait(false);
        }
    }

    /// <summary>Cuts the connection now; every waiting call fails with <see cref="SiloUnavailableException"/>.</summary>
    public Task AbortAsync(string reason)
    {
        _closing = true;
        Fail(reason, null);
        return _run;
    }

    /// <summary>The writer loop, run by <see cref="FrameStreamContent"/> as the request body.</summary>
    internal async Task WriteFramesAsync(Stream stream, CancellationToken cancellationToken)
    {
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
        var frames = _outbound.Reader;
        try
        {
            // Everything queued while the previous flush was in progress goes out in one batch with one flush.
            while (await frames.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (frames.TryRead(out var frame))
                {
                    FrameCodec.Write(writer, frame);
                    if (writer.CanGetUnflushedBytes && writer.UnflushedBytes >= MaxUnflushedBytes)
                    {
                        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Before the response headers are in, SendAsync in RunAsync reports the outcome (a 401 must not be
            // reported as the write failure it causes). Cancellation always comes from a failure reported elsewhere.
            if (_established && ex is not OperationCanceledException)
            {
                Fail($"sending failed: {ex.Message}", ex);
            }

            await writer.CompleteAsync(ex).ConfigureAwait(false);
            throw;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _uri)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new FrameStreamContent(this),
            };
            request.Headers.TryAddWithoutValidation(SiloStreamProtocol.SourceHeader, _source);
            request.Headers.TryAddWithoutValidation(SiloStreamProtocol.ProofHeader, _proof.Create(_source, _target));

            // SocketsHttpHandler returns as soon as the response headers are in, while the request body keeps
            // streaming: that is what makes this one request a duplex channel.
            using var response = await _invoker.SendAsync(request, _abort.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var why = response.StatusCode == HttpStatusCode.Unauthorized ? " (cluster secret proof rejected)" : "";
                Fail($"the silo refused the stream with HTTP {(int)response.StatusCode}{why}", null);
                return;
            }

            _established = true;
            TransportLog.StreamOpened(_logger, _target, _uri);
            var body = await response.Content.ReadAsStreamAsync(_abort.Token).ConfigureAwait(false);
            await ReadResponsesAsync(body).ConfigureAwait(false);
            if (!_closing)
            {
                // A clean end is an orderly stop over there, not a fault: worth noting, not warning about.
                TransportLog.StreamEnded(_logger, _target);
            }

            Fail("the silo ended the stream", null, expected: true);
        }
        catch (Exception ex)
        {
            Fail(ex.Message, ex);
        }
    }

    private async Task ReadResponsesAsync(Stream body)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_abort.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (FrameCodec.TryRead(ref buffer, out var kind, out var correlationId, out var payload))
                {
                    if (kind != FrameKind.Response)
                    {
                        throw new InvalidDataException($"a {kind} frame arrived on a response stream");
                    }

                    // Deserialized here, straight from the pipe's memory; a response nobody waits for any more
                    // (its caller timed out) is still read, to keep the stream in step, and then dropped.
                    var response = FrameCodec.ReadResponse(payload);
                    if (_pending.TryRemove(correlationId, out var call))
                    {
                        call.TrySetResult(response);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new InvalidDataException("the stream ended inside a frame");
                    }

                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Fail(string reason, Exception? cause, bool expected = false)
    {
        var failure = new Failure(reason, cause);
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        foreach (var entry in _pending)
        {
            if (_pending.TryRemove(entry.Key, out var call))
            {
                call.TrySetException(Unavailable(failure));
            }
        }

        // Cancelling aborts the HTTP/2 stream (RST_STREAM) if it is still open, and wakes both loops.
        _abort.Cancel();

        if (_established && !_closing && !expected)
        {
            TransportLog.StreamLost(_logger, _target, reason, cause);
        }
        else
        {
            TransportLog.StreamClosed(_logger, _target, reason, cause);
        }
    }

    private SiloUnavailableException Unavailable(Failure failure)
        => new(_target, $"silo {_target} ({_uri.Authority}) is unavailable: {failure.Reason}", failure.Cause);

    private sealed record Failure(string Reason, Exception? Cause);
}

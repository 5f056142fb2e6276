using System.IO.Pipelines;
using System.Text.Json;
using System.Threading.Channels;
using Maildriver.Runtime.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>
/// The serving end of one silo stream: reads request frames from the request body, runs each call on the thread
/// pool as soon as it is read (calls never wait behind each other), and writes the responses back, batched, on the
/// response body.
/// </summary>
internal sealed class InboundSiloStream
{
    private const int MaxUnflushedBytes = 256 * 1024;

    private readonly string _source;
    private readonly HttpContext _context;
    private readonly IIncomingCallHandler _handler;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly Channel<OutboundFrame> _responses = Channel.CreateUnbounded<OutboundFrame>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    // Calls still running, plus one for the reader loop itself; the response ends when this reaches zero, so an
    // orderly end answers every call that was read.
    private int _inFlight = 1;

    public InboundSiloStream(string source, HttpContext context, IIncomingCallHandler handler, CancellationToken stopping, ILogger logger)
    {
        _source = source;
        _context = context;
        _handler = handler;
        _stopping = stopping;
        _logger = logger;
    }

    /// <summary>Serves the stream until the caller ends it, the connection breaks, or this silo stops.</summary>
    public async Task RunAsync()
    {
        var aborted = _context.RequestAborted;
        _context.Response.StatusCode = StatusCodes.Status200OK;
        _context.Response.ContentType = SiloStreamProtocol.ContentType;

        // Send the headers now: the caller's SendAsync returns on them and only then starts reading responses.
        try
        {
            await _context.Response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }

        TransportLog.InboundOpened(_logger, _source);

        var writing = WriteResponsesAsync(_context.Response.BodyWriter, aborted);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping);
        try
        {
            await ReadRequestsAsync(_context.Request.BodyReader, reading.Token).ConfigureAwait(false);
            TransportLog.InboundEnded(_logger, _source);
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
            // This silo is stopping (stop reading, answer what was read) or the connection is gone.
            TransportLog.InboundEnded(_logger, _source);
        }
        catch (Exception ex)
        {
            // A broken connection or a protocol violation: reset the stream rather than end it cleanly, so the
            // caller fails its waiting calls as "unavailable" instead of taking this for an orderly stop.
            TransportLog.InboundBroken(_logger, _source, ex);
            _context.Abort();
        }
        finally
        {
            Release();
        }

        await writing.ConfigureAwait(false);
    }

    private async Task ReadRequestsAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (FrameCodec.TryRead(ref buffer, out var kind, out var correlationId, out var payload))
            {
                if (kind != FrameKind.Request)
                {
                    throw new InvalidDataException($"a {kind} frame arrived on a request stream");
                }

                Dispatch(correlationId, payload);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new InvalidDataException("the request stream ended inside a frame");
                }

                return;
            }
        }
    }

    private void Dispatch(long correlationId, System.Buffers.ReadOnlySequence<byte> payload)
    {
        Interlocked.Increment(ref _inFlight);
        WireRequest request;
        try
        {
            // Read on the loop because the payload lives in the pipe's memory; the request owns its own copy.
            request = FrameCodec.ReadRequest(payload);
        }
        catch (JsonException ex)
        {
            TransportLog.UnreadableRequest(_logger, _source, ex);
            Reply(correlationId, new WireResponse { Error = new WireError(typeof(JsonException).FullName!, $"unreadable request: {ex.Message}") });
            Release();
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static state => _ = state.Stream.RunCallAsync(state.CorrelationId, state.Request),
            (Stream: this, CorrelationId: correlationId, Request: request),
            preferLocal: false);
    }

    private async Task RunCallAsync(long correlationId, WireRequest request)
    {
        try
        {
            WireResponse response;
            try
            {
                response = await _handler.HandleSiloCallAsync(_source, request, _context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The handler should turn every failure into a response; if it does not, the caller still gets an
                // answer rather than waiting for its timeout.
                if (!_context.RequestAborted.IsCancellationRequested)
                {
                    TransportLog.HandlerFaulted(_logger, request.Interface, request.Method, _source, ex);
                }

                response = new WireResponse { Error = new WireError(ex.GetType().FullName ?? ex.GetType().Name, ex.Message) };
            }

            Reply(correlationId, response);
        }
        finally
        {
            Release();
        }
    }

    private void Reply(long correlationId, WireResponse response)
    {
        byte[] payload;
        try
        {
            payload = WireSerializer.SerializeResponse(response);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            payload = WireSerializer.SerializeResponse(new WireResponse
            {
                Error = new WireError(ex.GetType().FullName ?? ex.GetType().Name, $"the response could not be serialized: {ex.Message}"),
            });
        }

        // Fails only once the stream is finished or broken, when there is nobody left to answer.
        _responses.Writer.TryWrite(new OutboundFrame(FrameKind.Response, correlationId, payload));
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            _responses.Writer.TryComplete();
        }
    }

    private async Task WriteResponsesAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        var frames = _responses.Reader;
        try
        {
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
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection is gone; the caller's side fails its pending calls on its own.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            TransportLog.InboundBroken(_logger, _source, ex);
        }
        finally
        {
            // Calls still finishing after this point find the channel closed and drop their answers.
            _responses.Writer.TryComplete();
        }
    }
}

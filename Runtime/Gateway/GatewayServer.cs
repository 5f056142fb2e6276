using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Maildriver.Runtime.Configuration;
using Maildriver.Runtime.Messaging;
using Maildriver.Runtime.Transport.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Gateway;

/// <summary>
/// The client-facing port of a silo: <c>POST /gateway/v1/invoke</c> with a JSON <see cref="WireRequest"/>, answered
/// with a JSON <see cref="WireResponse"/>, one HTTP request per call. Nothing else is served; in particular the
/// silo-to-silo stream is not reachable through this port.
/// </summary>
/// <remarks>
/// The endpoint allows HTTP/1.1 and HTTP/2. Without TLS Kestrel has no ALPN to choose between them and speaks
/// HTTP/1.1 only (HTTP/2 prior knowledge is answered with <c>HTTP_1_1_REQUIRED</c>); with TLS both work.
/// </remarks>
public sealed class GatewayServer : IAsyncDisposable
{
    /// <summary>The default largest request body accepted: 16 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly MachineConfig _machine;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly long _maxRequestBodyBytes;
    private readonly EmbeddedServer _server = new();

    /// <summary>Creates the gateway for <paramref name="machine"/>; it listens once started.</summary>
    /// <param name="machine">This silo: the address and gateway port to listen on.</param>
    /// <param name="loggerFactory">For the gateway's and the embedded server's logs.</param>
    /// <param name="maxRequestBodyBytes">Larger request bodies are refused with 413.</param>
    public GatewayServer(MachineConfig machine, ILoggerFactory loggerFactory, long maxRequestBodyBytes = DefaultMaxRequestBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRequestBodyBytes);
        _machine = machine;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<GatewayServer>();
        _maxRequestBodyBytes = maxRequestBodyBytes;
    }

    /// <summary>Starts accepting client calls for <paramref name="handler"/>.</summary>
    public async Task StartAsync(IIncomingCallHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _server.BeginStart(this);

        var app = EmbeddedKestrel.Build(_machine.Host, _machine.GatewayPort, HttpProtocols.Http1AndHttp2, _loggerFactory, ShutdownTimeout, options =>
        {
            // Kestrel enforces the limit while the body streams in, so an oversized body is never buffered whole.
            options.Limits.MaxRequestBodySize = _maxRequestBodyBytes;
        }, _machine.Tls?.LoadCertificate());
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        app.Run(context => ServeAsync(context, handler, stopping));
        await _server.StartAsync(app, cancellationToken).ConfigureAwait(false);
        GatewayLog.Listening(_logger, _machine.Name, _machine.Host, _machine.GatewayPort);
    }

    /// <summary>Stops at once: open connections are cut and clients see their calls fail (a crash).</summary>
    public Task AbortAsync() => StopAsync(abort: true);

    /// <summary>The orderly stop: no new calls; calls in progress get a few seconds to finish.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(abort: false).ConfigureAwait(false);

    private Task StopAsync(bool abort) => _server.StopAsync(abort);

    private async Task ServeAsync(HttpContext context, IIncomingCallHandler handler, CancellationToken stopping)
    {
        if (!EmbeddedKestrel.IsPostTo(context, GatewayProtocol.InvokePath))
        {
            return;
        }

        var aborted = context.RequestAborted;
        if (handler.ClientRefusal is { } reason)
        {
            // 503: the client's connection takes it as "unavailable" and moves on to the next gateway.
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, $"{_machine.Name} is not serving clients yet: {reason}").ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > _maxRequestBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(context.Request.ContentLength.Value)).ConfigureAwait(false);
            return;
        }

        var reader = context.Request.BodyReader;
        ReadResult body;
        try
        {
            // Buffer the whole body (bounded by the limit) and parse it in one go.
            while (true)
            {
                body = await reader.ReadAsync(aborted).ConfigureAwait(false);
                if (body.Buffer.Length > _maxRequestBodyBytes)
                {
                    await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(null)).ConfigureAwait(false);
                    return;
                }

                if (body.IsCompleted)
                {
                    break;
                }

                reader.AdvanceTo(body.Buffer.Start, body.Buffer.End);
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(null)).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && aborted.IsCancellationRequested))
        {
            return; // the client went away in the middle of its request
        }

        WireRequest request;
        try
        {
            request = Parse(body.Buffer);
        }
        catch (JsonException ex)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, $"the body is not a valid WireRequest JSON object: {ex.Message}").ConfigureAwait(false);
            return;
        }
        finally
        {
            reader.AdvanceTo(body.Buffer.End);
        }

        WireResponse response;
        try
        {
            response = await handler.HandleClientCallAsync(request, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return; // the client is gone; nobody to answer
        }
        catch (Exception ex)
        {
            // Not a grain error (those come back as a response): the silo could not run the call, e.g. because it is
            // shutting down. A 5xx tells the client to try another gateway.
            var status = stopping.IsCancellationRequested ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
            if (!stopping.IsCancellationRequested)
            {
                GatewayLog.HandlerFaulted(_logger, request.Interface, request.Method, ex);
            }

            await RefuseAsync(context, status, $"silo {_machine.Name} could not run the call: {ex.Message}").ConfigureAwait(false);
            return;
        }

        var payload = WireSerializer.SerializeResponse(response);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GatewayProtocol.JsonContentType;
        context.Response.ContentLength = payload.Length;
        await context.Response.Body.WriteAsync(payload, aborted).ConfigureAwait(false);
    }

    private static WireRequest Parse(ReadOnlySequence<byte> body)
    {
        var json = new Utf8JsonReader(body);
        var request = JsonSerializer.Deserialize<WireRequest>(ref json, WireSerializer.Options)
                      ?? throw new JsonException("the body is JSON null");

        // `required` makes the properties present, not non-null or non-empty.
        if (string.IsNullOrEmpty(request.Interface) || string.IsNullOrEmpty(request.Key) || string.IsNullOrEmpty(request.Method))
        {
            throw new JsonException("interface, key and method must be non-empty strings");
        }

        return request;
    }

    private string TooLarge(long? length)
        => length is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"the request body is {bytes} bytes; the gateway accepts at most {_maxRequestBodyBytes} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"the request body is larger than the gateway accepts (at most {_maxRequestBodyBytes} bytes)");

    private async Task RefuseAsync(HttpContext context, int status, string message)
    {
        GatewayLog.Refused(_logger, context.Connection.RemoteIpAddress?.ToString(), message);
        context.Response.StatusCode = status;
        context.Response.ContentType = GatewayProtocol.TextContentType;
        await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
    }
}

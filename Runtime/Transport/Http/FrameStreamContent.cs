using System.Net;
using System.Net.Http.Headers;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>
/// The request body of a silo stream: never finished by itself, it stays open and carries whatever the connection's
/// writer loop pushes, until the connection closes.
/// </summary>
internal sealed class FrameStreamContent : HttpContent
{
    private readonly SiloStreamConnection _connection;

    public FrameStreamContent(SiloStreamConnection connection)
    {
        _connection = connection;
        Headers.ContentType = new MediaTypeHeaderValue(SiloStreamProtocol.ContentType);
    }

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => _connection.WriteFramesAsync(stream, CancellationToken.None);

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        => _connection.WriteFramesAsync(stream, cancellationToken);

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        // Unknown: the body is a stream of frames with no end fixed in advance.
        length = 0;
        return false;
    }
}

using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace Maildriver.Grains.Storage;

/// <summary>
/// Writes a snapshot file line by line into a gzip stream, so a replica of any size passes through a small buffer.
/// <see cref="FinishAsync"/> writes the end record; a writer disposed without it leaves a file every reader refuses.
/// </summary>
internal sealed class SnapshotWriter : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _destination;
    private readonly SnapshotHeader _header;
    private readonly BufferedStream _output;
    private readonly ArrayBufferWriter<byte> _line = new(BufferSize);
    private readonly Utf8JsonWriter _json;
    private readonly SnapshotCounts _counts = new();
    private readonly CancellationToken _cancellationToken;

    private SnapshotWriter(Stream destination, SnapshotHeader header, CancellationToken cancellationToken)
    {
        _destination = destination;
        _header = header;
        _cancellationToken = cancellationToken;

        // Fastest: a replica is mostly text that compresses well at any level, and a backup of a busy machine
        // should not be bounded by deflate's effort while it holds a read transaction open.
        _output = new BufferedStream(new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true), BufferSize);
        _json = new Utf8JsonWriter(_line);
    }

    /// <summary>Starts a snapshot on <paramref name="destination"/> (left open) with its header line.</summary>
    public static async Task<SnapshotWriter> StartAsync(Stream destination, SnapshotHeader header, CancellationToken cancellationToken)
    {
        var writer = new SnapshotWriter(destination, header, cancellationToken);
        try
        {
            await writer.WriteLineAsync(header);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes one row.</summary>
    public Task WriteAsync(SnapshotRow row)
    {
        _counts.Add(row);
        return WriteLineAsync(row);
    }

    /// <summary>Writes the end record, completes the gzip stream and flushes the destination; returns the counts.</summary>
    public async Task<MailSnapshotInfo> FinishAsync()
    {
        await WriteLineAsync<SnapshotRow>(_counts.ToEnd());

        // Disposing the buffer flushes it into the gzip stream and closes that, which writes the gzip trailer.
        await _output.DisposeAsync();
        await _destination.FlushAsync(_cancellationToken);
        return _counts.ToInfo(_header);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync();
        await _output.DisposeAsync();
    }

    // Rows are serialized through their base type so that "t" comes first, as the reader needs it.
    private async Task WriteLineAsync<T>(T value)
    {
        _line.ResetWrittenCount();
        _json.Reset();
        JsonSerializer.Serialize(_json, value, SnapshotFormat.Json);
        _json.Flush();
        _line.Write("\n"u8);
        await _output.WriteAsync(_line.WrittenMemory, _cancellationToken);
    }
}

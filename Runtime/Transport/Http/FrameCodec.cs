using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text.Json;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>
/// The frame layout on a silo stream: <c>[int32 length][byte kind][int64 correlationId][UTF-8 JSON envelope]</c>,
/// integers big-endian, where <c>length</c> counts the JSON envelope only, so every frame is
/// <see cref="HeaderSize"/> + length bytes.
/// </summary>
internal static class FrameCodec
{
    /// <summary>Length, kind and correlation id.</summary>
    public const int HeaderSize = sizeof(int) + sizeof(byte) + sizeof(long);

    /// <summary>
    /// The largest envelope accepted. Well above the gateway's body limit (client arguments are forwarded between
    /// silos), yet small enough that a corrupt length cannot make a reader buffer gigabytes.
    /// </summary>
    public const int MaxPayloadSize = 64 * 1024 * 1024;

    /// <summary>Appends one frame to <paramref name="writer"/> without flushing.</summary>
    public static void Write(PipeWriter writer, in OutboundFrame frame)
    {
        var header = writer.GetSpan(HeaderSize);
        BinaryPrimitives.WriteInt32BigEndian(header, frame.Payload.Length);
        header[sizeof(int)] = (byte)frame.Kind;
        BinaryPrimitives.WriteInt64BigEndian(header[(sizeof(int) + 1)..], frame.CorrelationId);
        writer.Advance(HeaderSize);
        writer.Write(frame.Payload);
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>; false when the buffer does not hold one yet.
    /// The payload slices <paramref name="buffer"/>'s memory, so read it before advancing the pipe.
    /// </summary>
    /// <exception cref="InvalidDataException">The length prefix is negative or beyond <see cref="MaxPayloadSize"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out FrameKind kind, out long correlationId, out ReadOnlySequence<byte> payload)
    {
        kind = default;
        correlationId = 0;
        payload = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is < 0 or > MaxPayloadSize)
        {
            throw new InvalidDataException($"frame length {length} is outside 0..{MaxPayloadSize}");
        }

        if (buffer.Length < HeaderSize + (long)length)
        {
            return false;
        }

        kind = (FrameKind)header[sizeof(int)];
        correlationId = BinaryPrimitives.ReadInt64BigEndian(header[(sizeof(int) + 1)..]);
        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Reads a request envelope straight from pipe memory (no copy when it spans segments).</summary>
    public static WireRequest ReadRequest(in ReadOnlySequence<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        return JsonSerializer.Deserialize<WireRequest>(ref reader, WireSerializer.Options) ?? throw new JsonException("empty request");
    }

    /// <summary>Reads a response envelope straight from pipe memory.</summary>
    public static WireResponse ReadResponse(in ReadOnlySequence<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        return JsonSerializer.Deserialize<WireResponse>(ref reader, WireSerializer.Options) ?? throw new JsonException("empty response");
    }
}

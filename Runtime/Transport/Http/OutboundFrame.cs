namespace Maildriver.Runtime.Transport.Http;

/// <summary>A frame waiting for its connection's writer loop; the payload is already serialized by the caller.</summary>
internal readonly record struct OutboundFrame(FrameKind Kind, long CorrelationId, byte[] Payload);

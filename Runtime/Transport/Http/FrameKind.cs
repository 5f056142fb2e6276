namespace Maildriver.Runtime.Transport.Http;

/// <summary>What a frame on a silo stream carries.</summary>
internal enum FrameKind : byte
{
    /// <summary>A <see cref="Messaging.WireRequest"/>, caller to callee.</summary>
    Request = 1,

    /// <summary>A <see cref="Messaging.WireResponse"/>, callee to caller, under the request's correlation id.</summary>
    Response = 2,
}

namespace Maildriver.Grains.Protocol;

/// <summary>One operation the Lieutenant keeps on behalf of the Master, so a new Master can finish it.</summary>
/// <param name="OpId">The operation's id; saving the same id again replaces the record.</param>
/// <param name="Seq">Its place in the Master's order; records come back sorted by it.</param>
/// <param name="Kind">What the payload describes, as the caller names it.</param>
/// <param name="Payload">The operation itself, serialized by the caller.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.LieutenantRecord")]
public sealed record LieutenantRecord([property: Id(0)] string OpId, [property: Id(1)] long Seq, [property: Id(2)] string Kind, [property: Id(3)] string Payload);

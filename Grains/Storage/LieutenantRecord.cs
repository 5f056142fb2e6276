namespace Maildriver.Grains.Storage;

/// <summary>One operation the Lieutenant keeps on behalf of the Master, so a new Master can finish it.</summary>
/// <param name="OpId">The operation's id; saving the same id again replaces the record.</param>
/// <param name="Seq">Its place in the Master's order; records come back sorted by it.</param>
/// <param name="Kind">What the payload describes, as the caller names it.</param>
/// <param name="Payload">The operation itself, serialized by the caller.</param>
public sealed record LieutenantRecord(string OpId, long Seq, string Kind, string Payload);

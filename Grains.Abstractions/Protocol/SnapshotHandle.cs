namespace Maildriver.Grains.Protocol;

/// <summary>An open snapshot on the machine that wrote it.</summary>
/// <param name="Id">Names it in <see cref="IReplicaGrain.ReadSnapshot"/>.</param>
/// <param name="Length">Its size in bytes.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.SnapshotHandle")]
public sealed record SnapshotHandle([property: Id(0)] string Id, [property: Id(1)] long Length);

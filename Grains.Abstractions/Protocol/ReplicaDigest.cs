namespace Maildriver.Grains.Protocol;

/// <summary>A fingerprint of one machine's mail, to compare replicas.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="Letters">How many letter bodies it stores.</param>
/// <param name="InboxEntries">How many inbox rows it has.</param>
/// <param name="Digest">SHA-256 over its letters, inbox rows (with read flags), users and lists, in a fixed order.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.ReplicaDigest")]
public sealed record ReplicaDigest([property: Id(0)] string Machine, [property: Id(1)] long Letters, [property: Id(2)] long InboxEntries, [property: Id(3)] string Digest);

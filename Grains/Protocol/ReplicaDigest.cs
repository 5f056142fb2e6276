namespace Maildriver.Grains.Protocol;

/// <summary>A fingerprint of one machine's mail, to compare replicas.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="Letters">How many letter bodies it stores.</param>
/// <param name="InboxEntries">How many inbox rows it has.</param>
/// <param name="Digest">SHA-256 over its letters, inbox rows (with read flags), users and lists, in a fixed order.</param>
public sealed record ReplicaDigest(string Machine, long Letters, long InboxEntries, string Digest);

namespace Maildriver.Grains.Server;

/// <summary>One machine in a verify report.</summary>
/// <param name="Name">The machine.</param>
/// <param name="Letters">Letter bodies stored.</param>
/// <param name="InboxEntries">Inbox rows.</param>
/// <param name="Digest">Its digest.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.VerifyMachine")]
public sealed record VerifyMachine([property: Id(0)] string Name, [property: Id(1)] long Letters, [property: Id(2)] long InboxEntries, [property: Id(3)] string Digest);

namespace Maildriver.Grains.Protocol;

/// <summary>A machine's storage figures.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="Users">Registered users.</param>
/// <param name="Letters">Letter bodies stored.</param>
/// <param name="LetterBytes">Bytes in those bodies.</param>
/// <param name="InboxEntries">Inbox rows.</param>
/// <param name="Protoletters">Letters waiting in the WorkSpace.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.ReplicaStats")]
public sealed record ReplicaStats([property: Id(0)] string Machine, [property: Id(1)] long Users, [property: Id(2)] long Letters, [property: Id(3)] long LetterBytes, [property: Id(4)] long InboxEntries, [property: Id(5)] long Protoletters);

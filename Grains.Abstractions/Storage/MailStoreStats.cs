namespace Maildriver.Grains.Storage;

/// <summary>How much mail one machine holds.</summary>
/// <param name="Users">Registered users.</param>
/// <param name="Letters">Delivered letters, each stored once.</param>
/// <param name="LetterBytes">The delivered letters' body sizes (UTF-8 bytes), summed.</param>
/// <param name="InboxEntries">Inbox rows, one per (user, letter).</param>
/// <param name="Protoletters">Letters waiting in the WorkSpace, bogus or valid.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MailStoreStats")]
public sealed record MailStoreStats([property: Id(0)] long Users, [property: Id(1)] long Letters, [property: Id(2)] long LetterBytes, [property: Id(3)] long InboxEntries, [property: Id(4)] long Protoletters);

namespace Maildriver.Grains.Storage;

/// <summary>How much mail one machine holds.</summary>
/// <param name="Users">Registered users.</param>
/// <param name="Letters">Delivered letters, each stored once.</param>
/// <param name="LetterBytes">The delivered letters' body sizes (UTF-8 bytes), summed.</param>
/// <param name="InboxEntries">Inbox rows, one per (user, letter).</param>
/// <param name="Protoletters">Letters waiting in the WorkSpace, bogus or valid.</param>
public sealed record MailStoreStats(long Users, long Letters, long LetterBytes, long InboxEntries, long Protoletters);

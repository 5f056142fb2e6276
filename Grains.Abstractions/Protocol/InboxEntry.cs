namespace Maildriver.Grains.Protocol;

/// <summary>One letter in one user's inbox on one machine.</summary>
/// <param name="Header">The letter's header.</param>
/// <param name="Read">Whether the user has read it.</param>
/// <param name="Message">The letter's RFC 5322 message, when asked for.</param>
/// <param name="Uid">The letter's UID in this inbox, the same on every machine.</param>
/// <param name="Flags">The user's other replicated flags on it.</param>
/// <param name="UidValidity">The inbox's UIDVALIDITY.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.InboxEntry")]
public sealed record InboxEntry([property: Id(0)] LetterHeader Header, [property: Id(1)] bool Read, [property: Id(2)] byte[]? Message, [property: Id(3)] long Uid = 0, [property: Id(4)] LetterFlags Flags = LetterFlags.None, [property: Id(5)] long UidValidity = 0);

namespace Maildriver.Grains.Protocol;

/// <summary>One letter in one user's inbox on one machine.</summary>
/// <param name="Header">The letter's header.</param>
/// <param name="Read">Whether the user has read it.</param>
/// <param name="Message">The letter's RFC 5322 message, when asked for.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.InboxEntry")]
public sealed record InboxEntry([property: Id(0)] LetterHeader Header, [property: Id(1)] bool Read, [property: Id(2)] byte[]? Message);

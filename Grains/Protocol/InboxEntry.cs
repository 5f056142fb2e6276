namespace Maildriver.Grains.Protocol;

/// <summary>One letter in one user's inbox on one machine.</summary>
/// <param name="Header">The letter's header.</param>
/// <param name="Read">Whether the user has read it.</param>
/// <param name="Body">The body, when asked for.</param>
public sealed record InboxEntry(LetterHeader Header, bool Read, string? Body);

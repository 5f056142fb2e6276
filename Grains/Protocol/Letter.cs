namespace Maildriver.Grains.Protocol;

/// <summary>A whole letter: header and body.</summary>
/// <param name="Header">The header.</param>
/// <param name="Body">The text of the letter.</param>
public sealed record Letter(LetterHeader Header, string Body);

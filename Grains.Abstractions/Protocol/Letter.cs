namespace Maildriver.Grains.Protocol;

/// <summary>A whole letter: header and body.</summary>
/// <param name="Header">The header.</param>
/// <param name="Body">The text of the letter.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.Letter")]
public sealed record Letter([property: Id(0)] LetterHeader Header, [property: Id(1)] string Body);

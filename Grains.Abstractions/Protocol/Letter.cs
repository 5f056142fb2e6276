namespace Maildriver.Grains.Protocol;

/// <summary>A whole letter: header and body.</summary>
/// <param name="Header">The header.</param>
/// <param name="Message">
/// The body: the letter's RFC 5322 message, as the origin machine wrote or received it, stored once per machine and
/// served byte for byte (see <c>Maildriver.Grains.Mime</c>). Never changed in place: treat it as read-only.
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.Letter")]
public sealed record Letter([property: Id(0)] LetterHeader Header, [property: Id(1)] byte[] Message);

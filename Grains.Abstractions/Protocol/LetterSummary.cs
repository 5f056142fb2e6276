namespace Maildriver.Grains.Protocol;

/// <summary>
/// What an IMAP server needs of a letter to answer FETCH ENVELOPE and RFC822.SIZE without its body: the stored
/// message's size and its header section. Letters never change once stored, so a summary may be kept for good.
/// </summary>
/// <param name="Id">The letter id.</param>
/// <param name="Size">The stored message's octets (RFC822.SIZE).</param>
/// <param name="Header">The message's header section, byte for byte, with the empty line that ends it (<c>BODY[HEADER]</c>).</param>
[GenerateSerializer, Immutable, Alias("Maildriver.LetterSummary")]
public sealed record LetterSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] long Size,
    [property: Id(2)] byte[] Header);

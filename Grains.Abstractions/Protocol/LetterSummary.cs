namespace Maildriver.Grains.Protocol;

/// <summary>
/// What an IMAP server needs of a letter to answer FETCH ENVELOPE, RFC822.SIZE and INTERNALDATE without its body:
/// the stored message's size, its header section and its time. Letters never change once stored, so a summary may be kept for good.
/// </summary>
/// <param name="Id">The letter id.</param>
/// <param name="Size">The stored message's octets (RFC822.SIZE).</param>
/// <param name="Header">The message's header section, byte for byte, with the empty line that ends it (<c>BODY[HEADER]</c>).</param>
/// <param name="SentAt">When it was accepted (IMAP's INTERNALDATE).</param>
[GenerateSerializer, Immutable, Alias("Maildriver.LetterSummary")]
public sealed record LetterSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] long Size,
    [property: Id(2)] byte[] Header,
    [property: Id(3)] DateTimeOffset SentAt);

using Maildriver.Grains.Mime;

namespace Maildriver.Grains.Server;

/// <summary>A letter as clients see it (<c>body</c>, <c>attachments</c> and <c>message</c> are null in lists).</summary>
/// <param name="Id">The letter id.</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipients.</param>
/// <param name="Subject">The subject.</param>
/// <param name="SentAt">When it was accepted.</param>
/// <param name="Body">The text to show (the text part, or the HTML part as text), or null.</param>
/// <param name="Read">Whether the user has read it.</param>
/// <param name="Attachments">The attachments, numbered from 1 in this order, or null.</param>
/// <param name="Message">The stored RFC 5322 message, byte for byte, or null.</param>
/// <param name="Uid">Its IMAP UID in the user's inbox: the same on every machine, ascending in the order letters arrive.</param>
/// <param name="UidValidity">The inbox's UIDVALIDITY, the same on every machine.</param>
/// <param name="Flagged">IMAP's <c>\Flagged</c>, replicated.</param>
/// <param name="Answered">IMAP's <c>\Answered</c>, replicated.</param>
/// <param name="Size">The stored message's octets (IMAP's RFC822.SIZE), in lists too.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.LetterView")]
public sealed record LetterView(
    [property: Id(0)] string Id,
    [property: Id(1)] string From,
    [property: Id(2)] IReadOnlyList<string> To,
    [property: Id(3)] string Subject,
    [property: Id(4)] DateTimeOffset SentAt,
    [property: Id(5)] string? Body,
    [property: Id(6)] bool Read,
    [property: Id(7)] IReadOnlyList<LetterAttachment>? Attachments = null,
    [property: Id(8)] byte[]? Message = null,
    [property: Id(9)] long Uid = 0,
    [property: Id(10)] long UidValidity = 0,
    [property: Id(11)] bool Flagged = false,
    [property: Id(12)] bool Answered = false,
    [property: Id(13)] long Size = 0);

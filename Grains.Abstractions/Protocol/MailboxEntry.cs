namespace Maildriver.Grains.Protocol;

/// <summary>
/// One letter of a selected mailbox (RFC 3501 section 6.3.1), as little as SELECT and FETCH FLAGS need: its id, UID
/// and flags, all in the user's inbox row, so that a mailbox of ten thousand letters is read without touching the
/// letters themselves. Sizes, dates and headers come with <see cref="LetterSummary"/> when a command asks for them.
/// </summary>
/// <param name="Id">The letter id.</param>
/// <param name="Uid">Its UID in the user's inbox, the same on every machine.</param>
/// <param name="Read">IMAP's <c>\Seen</c>, the replicated read flag.</param>
/// <param name="Flagged">IMAP's <c>\Flagged</c>, replicated.</param>
/// <param name="Answered">IMAP's <c>\Answered</c>, replicated.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MailboxEntry")]
public sealed record MailboxEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] long Uid,
    [property: Id(2)] bool Read,
    [property: Id(3)] bool Flagged,
    [property: Id(4)] bool Answered);

namespace Maildriver.Grains.Protocol;

/// <summary>
/// The user's inbox on the connected machine as an IMAP client selects it (RFC 3501 section 6.3.1): an entry per
/// letter, in UID order, with the numbers the mailbox's status needs even when it is empty.
/// </summary>
/// <param name="UidValidity">The inbox's UIDVALIDITY, the same on every machine.</param>
/// <param name="UidNext">
/// One more than the highest UID ever delivered to the user here (deleted letters included), so it never goes back;
/// never below one more than the highest UID in <paramref name="Letters"/>.
/// </param>
/// <param name="Letters">The letters, ascending by UID.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MailboxSnapshot")]
public sealed record MailboxSnapshot(
    [property: Id(0)] long UidValidity,
    [property: Id(1)] long UidNext,
    [property: Id(2)] IReadOnlyList<MailboxEntry> Letters);

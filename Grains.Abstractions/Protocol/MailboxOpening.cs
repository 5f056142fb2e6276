namespace Maildriver.Grains.Protocol;

/// <summary>
/// The user's inbox on the connected machine as IMAP's SELECT answers it (RFC 3501 section 6.3.1), counted before its
/// letters are read: <c>IMailServer.OpenedLetters</c> with <paramref name="Ticket"/> then gives the letters of
/// the same moment, so that the client's sequence numbers, told before the letters were read, name the right ones.
/// </summary>
/// <param name="Ticket">What <c>IMailServer.OpenedLetters</c> takes, on this machine, once.</param>
/// <param name="UidValidity">The inbox's UIDVALIDITY, the same on every machine (0 for a user unknown here).</param>
/// <param name="UidNext">As <see cref="MailboxSnapshot.UidNext"/>: never below one more than the highest UID counted.</param>
/// <param name="Exists">The number of letters (EXISTS).</param>
/// <param name="FirstUnseen">The sequence number of the first letter without <c>\Seen</c> (UNSEEN), or null.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MailboxOpening")]
public sealed record MailboxOpening(
    [property: Id(0)] Guid Ticket,
    [property: Id(1)] long UidValidity,
    [property: Id(2)] long UidNext,
    [property: Id(3)] int Exists,
    [property: Id(4)] int? FirstUnseen);

namespace Maildriver.MailPorts.Imap.Mailbox;

/// <summary>
/// What changed in the selected mailbox since the session last looked, in the order the client must be told
/// (RFC 3501 section 7.4.1: each EXPUNGE renumbers the messages after it, so they go from the highest number down).
/// </summary>
/// <param name="Expunged">The sequence numbers of letters gone, highest first, each as numbered when it is told.</param>
/// <param name="FlagsChanged">The sequence numbers, after the expunges, of letters whose flags changed.</param>
/// <param name="Exists">The new number of messages when letters arrived, else null.</param>
internal sealed record MailboxChanges(IReadOnlyList<int> Expunged, IReadOnlyList<int> FlagsChanged, int? Exists);

namespace Maildriver.Silo.Dashboard;

/// <summary>One machine's mail; the figures are null when it did not answer.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="Users">Registered users.</param>
/// <param name="Letters">Letter bodies stored (once per machine, however many recipients).</param>
/// <param name="LetterBytes">Bytes in those bodies.</param>
/// <param name="InboxEntries">Inbox rows, one per recipient and letter.</param>
/// <param name="Protoletters">Letters waiting in its WorkSpace.</param>
/// <param name="Digest">Its digest at the last comparison (SHA-256, hex), if it took part.</param>
/// <param name="Error">Why its figures are missing.</param>
public sealed record MailRow(string Machine, long? Users, long? Letters, long? LetterBytes, long? InboxEntries, long? Protoletters, string? Digest, string? Error);

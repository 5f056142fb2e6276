namespace Maildriver.Grains.Server;

/// <summary>A letter to send: a plain text with its subject, or a whole RFC 5322 message.</summary>
/// <param name="To">Recipients: user names and mailing list names.</param>
/// <param name="Subject">The subject (ignored when <paramref name="Message"/> is given: the message's is used).</param>
/// <param name="Body">The text, sent as a plain-text MIME message (ignored when <paramref name="Message"/> is given).</param>
/// <param name="SubmissionId">The client's id for this submission; repeating it never sends a second letter.</param>
/// <param name="Message">
/// A whole RFC 5322 message to store as it is, byte for byte (SMTP submission): HTML alternatives, attachments and
/// charsets included. Null for a plain-text letter made from <paramref name="Subject"/> and <paramref name="Body"/>.
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.SendRequest")]
public sealed record SendRequest(
    [property: Id(0)] IReadOnlyList<string> To,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Body,
    [property: Id(3)] string SubmissionId,
    [property: Id(4)] byte[]? Message = null);

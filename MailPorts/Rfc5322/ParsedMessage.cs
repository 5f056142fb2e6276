namespace Maildriver.MailPorts.Rfc5322;

/// <summary>What a Maildriver letter keeps of a submitted RFC 5322 message.</summary>
/// <param name="Subject">The decoded Subject, one line of at most 998 characters ("" when there is none).</param>
/// <param name="Body">The body text, "\n" line ends (see <see cref="MimeText"/>).</param>
/// <param name="MessageId">The Message-ID without its angle brackets, or null when the message has none.</param>
public sealed record ParsedMessage(string Subject, string Body, string? MessageId);

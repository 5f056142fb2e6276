namespace Maildriver.MailPorts.Rfc5322;

/// <summary>One header field of a message, unfolded (RFC 5322 section 2.2.3): its name and its value, trimmed.</summary>
/// <param name="Name">The field name as written, e.g. <c>Subject</c>.</param>
/// <param name="Value">The unfolded value; encoded-words are still encoded.</param>
public sealed record HeaderField(string Name, string Value);

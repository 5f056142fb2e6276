using Maildriver.MailPorts.Rfc5322;

namespace Maildriver.MailPorts.Pop3;

/// <summary>One letter of a POP3 maildrop.</summary>
/// <param name="LetterId">The Maildriver letter id.</param>
/// <param name="Uidl">Its unique-id listing (RFC 1939 section 7): the letter id, which never changes.</param>
/// <param name="Formatted">The letter as an RFC 5322 message.</param>
/// <param name="Read">Whether the user had read it when the maildrop was opened.</param>
public sealed record Pop3Message(string LetterId, string Uidl, FormattedMessage Formatted, bool Read);

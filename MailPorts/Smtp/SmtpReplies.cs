using System.Globalization;
using SmtpServer.Protocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// Maildriver's own SMTP replies: the ones its pipe writes itself and the ones its handlers hand SmtpServer.
/// They carry RFC 3463 enhanced codes in their text, as the hand-written server's did, though the EHLO list no
/// longer offers ENHANCEDSTATUSCODES: SmtpServer's own replies have none.
/// </summary>
internal static class SmtpReplies
{
    /// <summary>The last words to a client whose command line never ends.</summary>
    public const string LineFarTooLong = "500 5.5.2 Line too long; closing connection";

    /// <summary>The reply to a command line over the limit; the session goes on.</summary>
    public const string LineTooLong = "500 5.5.2 Line too long";

    /// <summary>The last words to a client whose message is more than twice the limit.</summary>
    public const string MessageFarTooBig = "552 5.3.4 Message far too big; closing connection";

    /// <summary>The only words to a client beyond the connection limit.</summary>
    public const string Busy = "421 4.3.2 Too many connections; try again later";

    /// <summary>The greeting.</summary>
    public static string Greeting(string domain, string machine) => $"220 {domain} ESMTP Maildriver submission service on {machine}";

    /// <summary>The only words to a client while the machine is not serving (it is being rebuilt).</summary>
    public static string NotReady(string domain, string reason) => $"421 4.3.2 {domain} {reason}; try again later or another machine";

    /// <summary>The last words when the silo stops.</summary>
    public static string ShuttingDown(string domain) => $"421 4.3.2 {domain} Service shutting down; closing connection";

    /// <summary>The last words on an idle timeout.</summary>
    public static string Idle(string domain) => $"421 4.4.2 {domain} Idle timeout; closing connection";

    /// <summary>The reply to a message over the limit that was read to its end.</summary>
    public static string MessageTooBig(long max) => string.Create(CultureInfo.InvariantCulture, $"552 5.3.4 Message too big: the limit is {max} octets");

    /// <summary>A reply line <c>"NNN text"</c> as SmtpServer writes replies.</summary>
    public static SmtpResponse Response(string reply) => new((SmtpReplyCode)int.Parse(reply.AsSpan(0, 3), CultureInfo.InvariantCulture), reply[4..]);

    /// <summary>A reply line that SmtpServer writes when a handler throws it.</summary>
    public static SmtpResponseException Refusal(string reply, bool close = false) => new(Response(reply), close);
}

using System.Globalization;
using Maildriver.MailPorts.LineProtocol;
using SmtpServer;
using SmtpServer.Protocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// EHLO's reply as Maildriver words it: SmtpServer's lists AUTH LOGIN (refused here, see <see cref="CommandScreen"/>),
/// SMTPUTF8 (letters are RFC 5322 messages) and the size of its own backstop limit. ENHANCEDSTATUSCODES is not
/// offered: RFC 2034 would then want enhanced codes on every reply, and SmtpServer's own replies have none.
/// </summary>
internal sealed class SubmissionEhlo(string domainOrAddress, MailPortContext context) : EhloCommand(domainOrAddress)
{
    /// <inheritdoc/>
    protected override string GetGreeting(ISessionContext session) => $"{context.Options.Mailbox.Domain} at your service";

    /// <inheritdoc/>
    protected override IEnumerable<string> GetExtensions(ISessionContext session)
    {
        yield return "PIPELINING";
        yield return string.Create(CultureInfo.InvariantCulture, $"SIZE {context.Options.MaxMessageBytes}");
        yield return "8BITMIME";
        if (context.Certificate is null || session.Pipe.IsSecure)
        {
            yield return "AUTH PLAIN";
        }

        if (context.Certificate is not null && !session.Pipe.IsSecure)
        {
            yield return "STARTTLS";
        }
    }
}

using Maildriver.MailPorts.LineProtocol;
using SmtpServer.Protocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>SmtpServer's commands, with EHLO answered as Maildriver words it (<see cref="SubmissionEhlo"/>).</summary>
internal sealed class SubmissionCommands(MailPortContext context) : SmtpCommandFactory
{
    /// <inheritdoc/>
    public override SmtpServer.Protocol.SmtpCommand CreateEhlo(string domainOrAddress) => new SubmissionEhlo(domainOrAddress, context);
}

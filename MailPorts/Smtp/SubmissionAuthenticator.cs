using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.LineProtocol;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// AUTH PLAIN (RFC 4954) through the client API's login: SmtpServer's <see cref="IUserAuthenticator"/>. A refusal is
/// thrown as the reply Maildriver gives (SmtpServer's own would say 535 and, at the third, "221 bye", a code RFC
/// 5321 keeps for an answer to QUIT): 535, and at the third refused login in a session 421 and the end of it, so
/// guessing passwords takes new connections. A response the pipe refused (<see cref="CommandScreen"/>) gets its
/// refusal here.
/// </summary>
internal sealed class SubmissionAuthenticator(MailPortContext context) : IUserAuthenticator
{
    /// <summary>The reply to a refused login.</summary>
    public const string CredentialsInvalid = "535 5.7.8 Authentication credentials invalid";

    private const int MaxLoginFailures = 3;

    /// <inheritdoc/>
    public async Task<bool> AuthenticateAsync(ISessionContext session, string user, string password, CancellationToken cancellationToken)
    {
        var submission = SubmissionSession.Of(session);
        var name = context.Options.Mailbox.LoginName(user);
        if (submission.AuthRefusal is { } refusal)
        {
            submission.AuthRefusal = null;
            throw refusal.ReplyCode == SmtpReplyCode.AuthenticationFailed ? Refused(submission, name) : new SmtpResponseException(refusal);
        }

        LoginResult? login = null;
        try
        {
            login = await context.Server.Login(name, password).ConfigureAwait(false);
        }
        catch (RequestRefusedException)
        {
            // Refused: login stays null.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            MailPortsLog.Unavailable(context.Logger, "SMTP", submission.Remote, ex);
            throw SmtpReplies.Refusal("454 4.7.0 Temporary authentication failure; try again later");
        }

        if (login is null)
        {
            throw Refused(submission, name);
        }

        submission.LoggedIn(login.User, login.Token);
        MailPortsLog.LoggedIn(context.Logger, "SMTP", login.User, submission.Remote);
        return true;
    }

    private SmtpResponseException Refused(SubmissionSession session, string user)
    {
        MailPortsLog.LoginRefused(context.Logger, "SMTP", user, session.Remote);
        return ++session.LoginFailures >= MaxLoginFailures
            ? SmtpReplies.Refusal("421 4.7.0 Too many failed authentications; closing connection", close: true)
            : SmtpReplies.Refusal(CredentialsInvalid);
    }
}

using System.Globalization;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// One SMTP submission session (RFC 6409 over RFC 5321, AUTH PLAIN from RFC 4954, STARTTLS from RFC 3207):
/// EHLO, AUTH, then MAIL FROM the authenticated user, RCPT TO local users and lists, DATA. The message becomes a
/// Maildriver letter through the client API's send, with the Message-ID as its submission id. This file holds the
/// session's frame and the commands outside a mail transaction; see the Auth, Envelope and Data parts.
/// </summary>
internal sealed partial class SmtpSession(LineConnection connection, MailPortContext context, Func<string, Task<bool>> isRecipient)
    : LineSession(connection, context)
{
    private bool _greeted;

    private string Domain => Context.Options.Mailbox.Domain;

    /// <inheritdoc/>
    protected override string Protocol => "SMTP";

    /// <inheritdoc/>
    protected override string LineTooLongReply => "500 5.5.2 Line too long";

    /// <inheritdoc/>
    protected override string LineFarTooLongReply => "500 5.5.2 Line too long; closing connection";

    /// <inheritdoc/>
    protected override string ShutdownReply => $"421 4.3.2 {Domain} Service shutting down; closing connection";

    protected override string NotReadyReply(string reason) => $"421 4.3.2 {Domain} {reason}; try again later or another machine";

    /// <inheritdoc/>
    protected override string? IdleReply => $"421 4.4.2 {Domain} Idle timeout; closing connection";

    /// <inheritdoc/>
    protected override Task GreetAsync() => ReplyAsync($"220 {Domain} ESMTP Maildriver submission service on {Context.Machine}");

    /// <inheritdoc/>
    protected override async Task<bool> OnCommandAsync(string line)
    {
        var command = SmtpCommand.Parse(line);
        switch (command.Verb)
        {
            case "EHLO" or "HELO" when command.Argument.Length == 0:
                await ReplyAsync($"501 5.5.4 Syntax: {command.Verb} hostname").ConfigureAwait(false);
                return true;
            case "EHLO":
                await HelloAsync(extended: true).ConfigureAwait(false);
                return true;
            case "HELO":
                await HelloAsync(extended: false).ConfigureAwait(false);
                return true;
            case "STARTTLS":
                return await StartTlsAsync(command).ConfigureAwait(false);
            case "AUTH":
                return await AuthenticateAsync(command).ConfigureAwait(false);
            case "MAIL":
                await MailAsync(command).ConfigureAwait(false);
                return true;
            case "RCPT":
                await RecipientAsync(command).ConfigureAwait(false);
                return true;
            case "DATA":
                return await DataAsync(command).ConfigureAwait(false);
            case "RSET":
                ResetTransaction();
                await ReplyAsync("250 2.0.0 OK").ConfigureAwait(false);
                return true;
            case "NOOP":
                await ReplyAsync("250 2.0.0 OK").ConfigureAwait(false);
                return true;
            case "QUIT":
                await ReplyAsync($"221 2.0.0 {Domain} closing connection").ConfigureAwait(false);
                return false;
            case "VRFY":
                await ReplyAsync("252 2.5.0 Cannot VRFY; send the message and RCPT will tell").ConfigureAwait(false);
                return true;
            case "HELP":
                await ReplyAsync("214 2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP VRFY HELP QUIT").ConfigureAwait(false);
                return true;
            case "EXPN" or "BDAT" or "TURN" or "ETRN" or "SEND" or "SOML" or "SAML":
                await ReplyAsync("502 5.5.1 Command not implemented").ConfigureAwait(false);
                return true;
            default:
                await ReplyAsync("500 5.5.2 Command unrecognized").ConfigureAwait(false);
                return true;
        }
    }

    // EHLO and HELO start afresh (RFC 5321 section 4.1.4): no mail transaction; a login stays.
    private async Task HelloAsync(bool extended)
    {
        _greeted = true;
        ResetTransaction();
        if (!extended)
        {
            await ReplyAsync($"250 {Domain}").ConfigureAwait(false);
            return;
        }

        var lines = new List<string>
        {
            $"{Domain} at your service",
            "PIPELINING",
            string.Create(CultureInfo.InvariantCulture, $"SIZE {Context.Options.MaxMessageBytes}"),
            "8BITMIME",
            "ENHANCEDSTATUSCODES",
        };
        if (Context.CleartextLoginAllowed(Connection))
        {
            lines.Add("AUTH PLAIN");
        }

        if (Context.Certificate is not null && !Connection.IsTls)
        {
            lines.Add("STARTTLS");
        }

        await ReplyAsync(string.Join("\r\n", lines.Select((l, i) => (i == lines.Count - 1 ? "250 " : "250-") + l))).ConfigureAwait(false);
    }

    private async Task<bool> StartTlsAsync(SmtpCommand command)
    {
        if (command.Argument.Length > 0)
        {
            await ReplyAsync("501 5.5.4 Syntax: STARTTLS").ConfigureAwait(false);
            return true;
        }

        return await StartTlsAsync(
            "502 5.5.1 STARTTLS not available: this server has no TLS certificate",
            "503 5.5.1 Already using TLS",
            "220 2.0.0 Ready to start TLS").ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void OnTlsStarted()
    {
        // The client starts again with EHLO, and must log in again.
        _greeted = false;
        _user = null;
        _token = null;
        ResetTransaction();
    }
}

using System.Text;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Smtp;

/// <summary>AUTH PLAIN (RFC 4954), with or without an initial response, through the client API's login.</summary>
internal sealed partial class SmtpSession
{
    private string? _user;
    private string? _token;

    private async Task<bool> AuthenticateAsync(SmtpCommand command)
    {
        var args = command.Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var refusal = !_greeted ? "503 5.5.1 Send EHLO first"
            : _user is not null ? "503 5.5.1 Already authenticated"
            : _sender is not null ? "503 5.5.1 AUTH is not allowed during a mail transaction"
            : !Context.CleartextLoginAllowed(Connection) ? "538 5.7.11 Encryption required: use STARTTLS first"
            : args.Length is 0 or > 2 ? "501 5.5.4 Syntax: AUTH PLAIN [initial-response]"
            : !string.Equals(args[0], "PLAIN", StringComparison.OrdinalIgnoreCase) ? "504 5.5.4 Unrecognized authentication type; use PLAIN"
            : null;
        if (refusal is not null)
        {
            await ReplyAsync(refusal).ConfigureAwait(false);
            return true;
        }

        var response = args.Length == 2 ? args[1] : null;
        if (response is null)
        {
            // An empty challenge: the client sends its credentials on the next line.
            await ReplyAsync("334 ").ConfigureAwait(false);
            var (goOn, line) = await ReadContinuationAsync().ConfigureAwait(false);
            if (line is null)
            {
                return goOn;
            }

            response = Encoding.UTF8.GetString(line);
            if (response.Trim() == "*")
            {
                await ReplyAsync("501 5.0.0 Authentication cancelled").ConfigureAwait(false);
                return true;
            }
        }

        switch (PlainCredentials.TryDecode(response, out var credentials))
        {
            case PlainCredentials.Failure.BadBase64:
                await ReplyAsync("501 5.5.2 Cannot decode the response: it is not base64").ConfigureAwait(false);
                return true;
            case PlainCredentials.Failure.Malformed:
                await ReplyAsync("501 5.5.2 Malformed PLAIN credentials: expected authzid NUL user NUL password").ConfigureAwait(false);
                return true;
        }

        return await LoginAsync(credentials).ConfigureAwait(false);
    }

    private async Task<bool> LoginAsync(PlainCredentials credentials)
    {
        var mailbox = Context.Options.Mailbox;
        var user = mailbox.LoginName(credentials.User);
        LoginResult? login = null;
        try
        {
            // Acting for someone else (a non-empty authzid naming another user) is not something a user may do.
            if (credentials.AuthorizationId.Length == 0 || mailbox.LoginName(credentials.AuthorizationId) == user)
            {
                login = await Context.Server.Login(user, credentials.Password).ConfigureAwait(false);
            }
        }
        catch (RequestRefusedException)
        {
            // Refused: login stays null.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnavailable(ex);
            await ReplyAsync("454 4.7.0 Temporary authentication failure; try again later").ConfigureAwait(false);
            return true;
        }

        if (login is null)
        {
            return await LoginRefusedAsync(user, "535 5.7.8 Authentication credentials invalid", "421 4.7.0 Too many failed authentications; closing connection").ConfigureAwait(false);
        }

        (_user, _token) = (login.User, login.Token);
        MailPortsLog.LoggedIn(Context.Logger, Protocol, login.User, Connection.Remote);
        await ReplyAsync("235 2.7.0 Authentication successful").ConfigureAwait(false);
        return true;
    }
}

using System.Globalization;
using Maildriver.MailPorts.LineProtocol;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Pop3;

/// <summary>
/// One POP3 session (RFC 1939, CAPA from RFC 2449, STLS from RFC 2595). AUTHORIZATION: USER and PASS log in
/// through the client API, and the maildrop is the paper's "receive mail" at that moment. TRANSACTION: see
/// <c>Pop3Session.Transaction.cs</c>. QUIT applies the deletions in one replicated delete; a connection that ends
/// any other way deletes nothing.
/// </summary>
internal sealed partial class Pop3Session(LineConnection connection, MailPortContext context) : LineSession(connection, context)
{
    private string? _user;
    private string? _token;
    private string? _loggedIn;
    private Pop3Maildrop? _maildrop;

    /// <inheritdoc/>
    protected override string Protocol => "POP3";

    /// <inheritdoc/>
    protected override string LineTooLongReply => "-ERR line too long";

    /// <inheritdoc/>
    protected override string LineFarTooLongReply => "-ERR line too long; closing the connection";

    /// <inheritdoc/>
    protected override string ShutdownReply => "-ERR [SYS/TEMP] the server is shutting down";

    protected override string NotReadyReply(string reason) => $"-ERR [SYS/TEMP] {reason}; try again later or another machine";

    // RFC 1939 section 3: the autologout timer closes the connection without a response and without deleting.
    /// <inheritdoc/>
    protected override string? IdleReply => null;

    /// <inheritdoc/>
    protected override Task GreetAsync() => ReplyAsync($"+OK Maildriver POP3 server ready on {Context.Machine}");

    /// <inheritdoc/>
    protected override async Task<bool> OnCommandAsync(string line)
    {
        var command = Pop3Command.Parse(line);
        switch (command.Keyword)
        {
            case "QUIT":
                await QuitAsync().ConfigureAwait(false);
                return false;
            case "CAPA":
                await CapabilitiesAsync().ConfigureAwait(false);
                return true;
        }

        return _maildrop is null ? await AuthorizationAsync(command).ConfigureAwait(false) : await TransactionAsync(command, _maildrop).ConfigureAwait(false);
    }

    private async Task<bool> AuthorizationAsync(Pop3Command command)
    {
        switch (command.Keyword)
        {
            case "USER" when !Context.CleartextLoginAllowed(Connection):
            case "PASS" when !Context.CleartextLoginAllowed(Connection):
                await ReplyAsync("-ERR [AUTH] passwords are accepted only over TLS: use STLS first").ConfigureAwait(false);
                return true;
            case "USER" when command.Argument.Trim().Length == 0:
                await ReplyAsync("-ERR USER needs a user name").ConfigureAwait(false);
                return true;
            case "USER":
                // The same answer whether or not the user exists: PASS is where a login fails.
                _user = Context.Options.Mailbox.LoginName(command.Argument.Trim());
                await ReplyAsync("+OK send your password").ConfigureAwait(false);
                return true;
            case "PASS" when _user is null:
                await ReplyAsync("-ERR send USER first").ConfigureAwait(false);
                return true;
            case "PASS":
                return await LoginAsync(_user, command.Argument).ConfigureAwait(false);
            case "STLS":
                return await StartTlsAsync(
                    "-ERR STLS is not available: this server has no TLS certificate",
                    "-ERR already using TLS",
                    "+OK begin TLS negotiation").ConfigureAwait(false);
            case "APOP" or "AUTH":
                await ReplyAsync("-ERR not supported: log in with USER and PASS").ConfigureAwait(false);
                return true;
            case "STAT" or "LIST" or "RETR" or "DELE" or "NOOP" or "RSET" or "TOP" or "UIDL":
                await ReplyAsync("-ERR log in first (USER and PASS)").ConfigureAwait(false);
                return true;
            default:
                await ReplyAsync("-ERR unknown command").ConfigureAwait(false);
                return true;
        }
    }

    private async Task<bool> LoginAsync(string user, string password)
    {
        _user = null;
        LoginResult login;
        ReceiveResult received;
        try
        {
            login = await Context.Server.Login(user, password).ConfigureAwait(false);
            received = await Context.Server.Receive(login.Token).ConfigureAwait(false);
        }
        catch (RequestRefusedException)
        {
            return await LoginRefusedAsync(
                user,
                "-ERR [AUTH] invalid user name or password",
                "-ERR [AUTH] invalid user name or password; too many failures, closing the connection").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnavailable(ex);
            await ReplyAsync("-ERR [SYS/TEMP] the mail system cannot open your maildrop now; try again later").ConfigureAwait(false);
            return true;
        }

        (_token, _loggedIn) = (login.Token, login.User);
        _maildrop = Pop3Maildrop.Of(received.Letters);
        MailPortsLog.LoggedIn(Context.Logger, Protocol, login.User, Connection.Remote);
        await ReplyAsync(string.Create(CultureInfo.InvariantCulture, $"+OK maildrop has {_maildrop.Count} messages ({_maildrop.Size} octets)")).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    protected override void OnTlsStarted() => _user = null;

    private async Task CapabilitiesAsync()
    {
        var tlsOffer = Context.Certificate is not null && !Connection.IsTls;
        var lines = new List<string> { "+OK capability list follows", "TOP", "UIDL", "PIPELINING", "RESP-CODES", "AUTH-RESP-CODE", "IMPLEMENTATION Maildriver" };
        if (Context.CleartextLoginAllowed(Connection))
        {
            lines.Add("USER");
        }

        if (tlsOffer)
        {
            lines.Add("STLS");
        }

        lines.Add(".");
        await ReplyAsync(string.Join("\r\n", lines)).ConfigureAwait(false);
    }

    // RFC 1939 section 6, the UPDATE state: the marked letters go in one replicated delete. Deleting a letter
    // that another session already removed is no error, so a client that quits twice is safe.
    private async Task QuitAsync()
    {
        var deleted = _maildrop?.DeletedIds ?? [];
        if (deleted.Count == 0)
        {
            await ReplyAsync("+OK Maildriver POP3 server signing off").ConfigureAwait(false);
            return;
        }

        try
        {
            await Context.Server.Delete(_token!, deleted).ConfigureAwait(false);
            MailPortsLog.Deleted(Context.Logger, _loggedIn!, deleted.Count);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnavailable(ex);
            await ReplyAsync("-ERR [SYS/TEMP] some deleted messages not removed").ConfigureAwait(false);
            return;
        }

        await ReplyAsync(string.Create(CultureInfo.InvariantCulture, $"+OK Maildriver POP3 server signing off ({deleted.Count} messages deleted)")).ConfigureAwait(false);
    }
}

using System.Text;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.MailPorts.Imap.Fetch;
using Maildriver.MailPorts.Imap.Mailbox;
using Maildriver.MailPorts.Imap.Reading;
using Maildriver.MailPorts.Imap.Syntax;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// One IMAP4rev1 session (RFC 3501) with LITERAL+ (RFC 7888), UIDPLUS's UID EXPUNGE (RFC 4315), UNSELECT (RFC
/// 3691) and IDLE (RFC 2177). Every command is read whole, literals included, and parsed whole before anything is
/// done, so a malformed one is a tagged BAD that changed nothing. The mailbox is INBOX, the user's inbox on this
/// machine, through its client API: <c>\Seen</c> is the replicated read flag, <c>\Flagged</c> and <c>\Answered</c>
/// the replicated flags, <c>\Deleted</c> a mark of this session that EXPUNGE turns into the replicated delete.
/// The states' commands are in <c>ImapSession.Authenticated.cs</c>, <c>.Selected.cs</c>, <c>.Fetch.cs</c>,
/// <c>.Store.cs</c> and <c>.Idle.cs</c>.
/// </summary>
internal sealed partial class ImapSession : LineSession
{
    private readonly ImapCommandReader _reader;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly RenderedItems _renderedItems;
    private ImapState _state = ImapState.NotAuthenticated;
    private string? _token;
    private string? _user;
    private ImapMailbox? _mailbox;

    /// <summary>
    /// A session on <paramref name="connection"/>; <paramref name="grains"/> makes IDLE's observer, and FETCH's rendered
    /// items are shared with the machine's other sessions through <paramref name="cache"/> and, when the machine keeps
    /// them on disk, <paramref name="file"/>.
    /// </summary>
    public ImapSession(LineConnection connection, MailPortContext context, IGrainFactory grains, TimeProvider time, RenderedItemCache cache, RenderedItemFile? file)
        : base(connection, context)
    {
        _renderedItems = new RenderedItems(cache, file, context.Server);
        _reader = new ImapCommandReader(connection, context.Options.ImapMaxLineBytes, context.Options.ImapMaxLiteralBytes);
        _grains = grains;
        _time = time;
    }

    /// <summary>
    /// Selects <paramref name="mailbox"/>, read-only, in a session that has not started and has no user: for
    /// <see cref="ImapWarmUp"/>, whose FETCH is answered from the rendered items alone. A command that would need the
    /// mail system is refused by it, since the session holds no login token.
    /// </summary>
    internal void SelectWithoutUser(MailboxSnapshot mailbox)
        => (_token, _user, _mailbox, _state) = (string.Empty, "(warm-up)", ImapMailbox.Open(mailbox, readOnly: true), ImapState.Selected);

    /// <summary>
    /// Logs in as <paramref name="login"/>'s user in a session that has not started: for <see cref="ImapWarmUp"/>'s
    /// SELECT, with the token the machine gave itself.
    /// </summary>
    internal void LogInForWarmUp(WarmUpLogin login)
        => (_token, _user, _state) = (login.Token, login.User, ImapState.Authenticated);

    /// <inheritdoc/>
    protected override string Protocol => "IMAP";

    /// <inheritdoc/>
    protected override int MaxLineBytes => Context.Options.ImapMaxLineBytes;

    // The tag cannot be known from a line never read whole: an untagged BAD (RFC 3501 section 7.1.3).
    /// <inheritdoc/>
    protected override string LineTooLongReply => "* BAD command line too long";

    /// <inheritdoc/>
    protected override string LineFarTooLongReply => "* BYE command line too long; closing the connection";

    /// <inheritdoc/>
    protected override string ShutdownReply => "* BYE [UNAVAILABLE] the server is shutting down";

    // RFC 3501 section 5.4: the autologout timer ends the session with an untagged BYE.
    /// <inheritdoc/>
    protected override string? IdleReply => "* BYE autologout: idle for too long";

    /// <inheritdoc/>
    protected override string NotReadyReply(string reason) => $"* BYE [UNAVAILABLE] {reason}; try again later or another machine";

    /// <inheritdoc/>
    protected override Task GreetAsync() => ReplyAsync($"* OK [CAPABILITY {Capabilities}] Maildriver IMAP4rev1 server ready on {Context.Machine}");

    /// <inheritdoc/>
    protected override void OnTlsStarted()
    {
        // Nothing was learnt in the clear but the capabilities, which the client asks for again (RFC 3501 section 6.2.1).
    }

    // RFC 3501 section 7.2.1; LOGINDISABLED while a password would cross in the clear (section 6.2.3).
    private string Capabilities
    {
        get
        {
            var capabilities = new StringBuilder("IMAP4rev1 LITERAL+ UIDPLUS UNSELECT IDLE");
            if (Context.Certificate is not null && !Connection.IsTls)
            {
                capabilities.Append(" STARTTLS");
            }

            capabilities.Append(Context.CleartextLoginAllowed(Connection) ? " AUTH=PLAIN" : " LOGINDISABLED");
            return capabilities.ToString();
        }
    }

    /// <inheritdoc/>
    protected override async Task<bool> OnCommandAsync(string line)
    {
        var first = Encoding.UTF8.GetBytes(line);
        var read = await _reader.ReadAsync(first).ConfigureAwait(false);
        switch (read.Status)
        {
            case ImapReadStatus.Refused:
                await ReplyAsync($"{ImapCommandReader.TagOf(first)} BAD {read.Reason}").ConfigureAwait(false);
                return true;
            case ImapReadStatus.Fatal:
                await Connection.WriteFinalLineAsync($"* BYE {read.Reason}; closing the connection").ConfigureAwait(false);
                return false;
            case ImapReadStatus.Ended:
                await EndAsync(read.End).ConfigureAwait(false);
                return false;
        }

        var parser = new ImapParser(read.Command);
        var tag = "*";
        try
        {
            tag = parser.ReadTag();
            parser.Space();
            var name = parser.ReadAtom().ToUpperInvariant();
            return await DispatchAsync(tag, name, parser).ConfigureAwait(false);
        }
        catch (ImapSyntaxException ex)
        {
            await ReplyAsync($"{tag} BAD {ex.Message}").ConfigureAwait(false);
        }
        catch (ImapNoException ex)
        {
            await ReplyAsync($"{tag} NO {ex.Text}").ConfigureAwait(false);
        }
        catch (RequestRefusedException ex)
        {
            await ReplyAsync($"{tag} NO {ex.Message}").ConfigureAwait(false);
        }
        catch (Exception ex) when (IsMailSystemFailure(ex))
        {
            LogUnavailable(ex);
            await ReplyAsync($"{tag} NO [UNAVAILABLE] the mail system cannot answer now; try again later").ConfigureAwait(false);
        }

        return true;
    }

    // The cluster could not answer (a timeout, a machine unreachable): the client may try again. A bug of ours, or the
    // client gone, is not that: it ends the session, and the line server logs the bug as the failure it is.
    private static bool IsMailSystemFailure(Exception error)
        => error is not (OutOfMemoryException or OperationCanceledException or NullReferenceException or InvalidOperationException
               or ArgumentException or IndexOutOfRangeException or InvalidCastException or KeyNotFoundException or FormatException or OverflowException)
           && !LineConnection.IsDisconnect(error);

    private async Task<bool> DispatchAsync(string tag, string name, ImapParser parser)
    {
        if (_mailbox is { IsLoaded: false } opened)
        {
            // A new SELECT or EXAMINE, or the end, needs no letters of the mailbox selected before: their read stops.
            if (name is "SELECT" or "EXAMINE" or "LOGOUT")
            {
                Abandon(opened);
                (_mailbox, _state) = (null, ImapState.Authenticated);
            }
            else if (!await LoadSelectedAsync(opened).ConfigureAwait(false))
            {
                return false;
            }
        }

        switch (name)
        {
            case "CAPABILITY":
                parser.ExpectEnd();
                await ReplyAsync($"* CAPABILITY {Capabilities}\r\n{tag} OK CAPABILITY completed").ConfigureAwait(false);
                return true;
            case "NOOP":
            case "CHECK" when _state == ImapState.Selected:
                parser.ExpectEnd();
                await SynchroniseAsync().ConfigureAwait(false);
                await ReplyAsync($"{tag} OK {name} completed").ConfigureAwait(false);
                return true;
            case "LOGOUT":
                parser.ExpectEnd();
                await ReplyAsync($"* BYE Maildriver IMAP server logging out\r\n{tag} OK LOGOUT completed").ConfigureAwait(false);
                return false;
        }

        return _state switch
        {
            ImapState.NotAuthenticated => await NotAuthenticatedAsync(tag, name, parser).ConfigureAwait(false),
            ImapState.Authenticated when SelectedCommands.Contains(name) => await WrongStateAsync(tag, name, "no mailbox is selected").ConfigureAwait(false),
            _ when SelectedCommands.Contains(name) => await SelectedAsync(tag, name, parser).ConfigureAwait(false),
            _ => await AuthenticatedAsync(tag, name, parser).ConfigureAwait(false),
        };
    }

    // The letters of the mailbox SELECT answered from counts. If they cannot be had, or are not the ones counted, the
    // client's sequence numbers cannot be trusted to name the letters it means: the session ends, and the client
    // reconnects and selects again, rather than risk a STORE or EXPUNGE on the wrong letter.
    private async Task<bool> LoadSelectedAsync(ImapMailbox opened)
    {
        try
        {
            await opened.LoadAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            MailPortsLog.SelectedUnreadable(Context.Logger, _user ?? string.Empty, ex);
            await Connection.WriteFinalLineAsync("* BYE [UNAVAILABLE] the selected mailbox could not be read; select it again").ConfigureAwait(false);
            return false;
        }
    }

    /// <inheritdoc/>
    protected override void OnEnded()
    {
        if (_mailbox is { IsLoaded: false } opened)
        {
            Abandon(opened);
        }
    }

    // Not waited for: the client should not wait on letters it does not want. A failure only leaves the read to end by
    // itself (IMailServer.OpenedLettersKept at the latest).
    private void Abandon(ImapMailbox opened)
    {
        if (opened.Ticket is { } ticket && _token is { Length: > 0 } token)
        {
            _ = Context.Server.CloseOpened(token, ticket).ContinueWith(
                static (closing, _) => _ = closing.Exception, null, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private static readonly HashSet<string> SelectedCommands = ["CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "MOVE", "UID"];

    private static readonly HashSet<string> AuthenticatedCommands = ["SELECT", "EXAMINE", "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB", "STATUS", "APPEND", "IDLE"];

    private async Task<bool> NotAuthenticatedAsync(string tag, string name, ImapParser parser)
    {
        switch (name)
        {
            case "STARTTLS":
                parser.ExpectEnd();
                return await StartTlsAsync($"{tag} BAD STARTTLS is not available: this server has no TLS certificate", $"{tag} BAD already using TLS", $"{tag} OK begin TLS negotiation now").ConfigureAwait(false);
            case "LOGIN":
                parser.Space();
                var user = parser.ReadAString();
                parser.Space();
                var password = parser.ReadAString();
                parser.ExpectEnd();
                return await LoginAsync(tag, user, password).ConfigureAwait(false);
            case "AUTHENTICATE":
                return await AuthenticateAsync(tag, parser).ConfigureAwait(false);
            case var _ when SelectedCommands.Contains(name) || AuthenticatedCommands.Contains(name):
                return await WrongStateAsync(tag, name, "log in first").ConfigureAwait(false);
            default:
                return await UnknownAsync(tag, name).ConfigureAwait(false);
        }
    }

    private async Task<bool> WrongStateAsync(string tag, string name, string why)
    {
        await ReplyAsync($"{tag} BAD {name} is not allowed now: {why}").ConfigureAwait(false);
        return true;
    }

    private async Task<bool> UnknownAsync(string tag, string name)
    {
        await ReplyAsync($"{tag} BAD unknown command {name}").ConfigureAwait(false);
        return true;
    }

    private async Task<bool> LoginAsync(string tag, string login, string password)
    {
        if (!Context.CleartextLoginAllowed(Connection))
        {
            // RFC 3501 section 6.2.3 with RFC 5530's response code.
            await ReplyAsync($"{tag} NO [PRIVACYREQUIRED] passwords are accepted only over TLS: use STARTTLS first").ConfigureAwait(false);
            return true;
        }

        var user = Context.Options.Mailbox.LoginName(login.Trim());
        LoginResult result;
        try
        {
            result = await Context.Server.Login(user, password).ConfigureAwait(false);
        }
        catch (RequestRefusedException)
        {
            return await LoginRefusedAsync(
                user,
                $"{tag} NO [AUTHENTICATIONFAILED] invalid user name or password",
                $"* BYE too many failed logins\r\n{tag} NO [AUTHENTICATIONFAILED] invalid user name or password").ConfigureAwait(false);
        }

        (_token, _user, _state) = (result.Token, result.User, ImapState.Authenticated);
        MailPortsLog.LoggedIn(Context.Logger, Protocol, result.User, Connection.Remote);
        await ReplyAsync($"{tag} OK [CAPABILITY {Capabilities}] logged in as {result.User}").ConfigureAwait(false);
        return true;
    }

    // RFC 3501 section 6.2.2 with SASL PLAIN (RFC 4616): the response comes after a "+" continuation, or with the
    // command (SASL-IR, RFC 4959, which clients use when they see it and servers may accept anyway); "*" cancels.
    private async Task<bool> AuthenticateAsync(string tag, ImapParser parser)
    {
        parser.Space();
        var mechanism = parser.ReadAtom().ToUpperInvariant();
        string? response = null;
        if (parser.TryTake(' '))
        {
            response = parser.ReadWord();
        }

        parser.ExpectEnd();
        if (mechanism != "PLAIN")
        {
            await ReplyAsync($"{tag} NO [CANNOT] unsupported mechanism {mechanism}: use PLAIN").ConfigureAwait(false);
            return true;
        }

        if (response is null)
        {
            await ReplyAsync("+ ").ConfigureAwait(false);
            var read = await Connection.ReadLineAsync(MaxLineBytes).ConfigureAwait(false);
            if (read.Status == LineStatus.TooLong)
            {
                await ReplyAsync($"{tag} BAD the response is too long").ConfigureAwait(false);
                return true;
            }

            if (read.Status != LineStatus.Line)
            {
                await EndAsync(read.Status).ConfigureAwait(false);
                return false;
            }

            response = Encoding.ASCII.GetString(read.Bytes);
        }

        if (response == "*")
        {
            await ReplyAsync($"{tag} BAD AUTHENTICATE cancelled").ConfigureAwait(false);
            return true;
        }

        if (PlainCredentials.TryDecode(response, out var credentials) != PlainCredentials.Failure.None)
        {
            await ReplyAsync($"{tag} BAD malformed PLAIN response: expected base64 of authzid NUL user NUL password").ConfigureAwait(false);
            return true;
        }

        // RFC 4616 section 2: acting as someone else is not offered, so an authorization identity must be the user.
        if (credentials.AuthorizationId.Length > 0
            && Context.Options.Mailbox.LoginName(credentials.AuthorizationId) != Context.Options.Mailbox.LoginName(credentials.User))
        {
            await ReplyAsync($"{tag} NO [AUTHORIZATIONFAILED] you may act only as yourself").ConfigureAwait(false);
            return true;
        }

        return await LoginAsync(tag, credentials.User, credentials.Password).ConfigureAwait(false);
    }
}

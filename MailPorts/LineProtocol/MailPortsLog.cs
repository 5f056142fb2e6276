using Microsoft.Extensions.Logging;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>The POP3, SMTP and IMAP ports' log lines. Passwords and message text are never logged.</summary>
internal static partial class MailPortsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} serves {Protocol} on {Endpoint}{Tls}")]
    public static partial void Listening(ILogger logger, string machine, string protocol, string endpoint, string tls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Protocol}: turned away {Remote}: {Limit} connections are open")]
    public static partial void Busy(ILogger logger, string protocol, string remote, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Protocol}: accepting a connection failed")]
    public static partial void AcceptFailed(ILogger logger, string protocol, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Protocol}: the session with {Remote} failed; the connection is closed")]
    public static partial void SessionFailed(ILogger logger, string protocol, string remote, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Protocol}: {User} logged in from {Remote}")]
    public static partial void LoggedIn(ILogger logger, string protocol, string user, string remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Protocol}: refused a login as {User} from {Remote}")]
    public static partial void LoginRefused(ILogger logger, string protocol, string user, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Protocol}: the mail system could not answer {Remote}'s request")]
    public static partial void Unavailable(ILogger logger, string protocol, string remote, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMTP: {User} submitted letter {LetterId} to {Recipients} recipient(s)")]
    public static partial void Submitted(ILogger logger, string user, string letterId, int recipients);

    [LoggerMessage(Level = LogLevel.Information, Message = "POP3: {User} deleted {Count} letter(s) at QUIT")]
    public static partial void Deleted(ILogger logger, string user, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "POP3: letter {LetterId} was retrieved but could not be marked read: {Reason}")]
    public static partial void NotMarkedRead(ILogger logger, string letterId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Protocol}: the TLS handshake with {Remote} failed")]
    public static partial void TlsFailed(ILogger logger, string protocol, string remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "IMAP: {User} expunged {Count} letter(s)")]
    public static partial void ImapExpunged(ILogger logger, string user, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "IMAP: {User}'s IDLE could not renew its watch: {Reason}")]
    public static partial void ImapWatchFailed(ILogger logger, string user, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: {User}'s selected mailbox could not be read after SELECT answered; the session ends")]
    public static partial void SelectedUnreadable(ILogger logger, string user, Exception error);
}

namespace Maildriver.MailPorts.Imap.Reading;

/// <summary>How reading one whole command (its literals included) ended.</summary>
public enum ImapReadStatus
{
    /// <summary>The command is complete.</summary>
    Command,

    /// <summary>
    /// A synchronizing literal was too large or a continuation line too long: the client is told with a tagged
    /// <c>BAD</c> and sends nothing more of this command (it waits for <c>+</c>, which never comes).
    /// </summary>
    Refused,

    /// <summary>
    /// A non-synchronizing literal (<c>{n+}</c>) was too large: its octets are on their way and are no command, so
    /// the connection must close (RFC 7888 section 4).
    /// </summary>
    Fatal,

    /// <summary>The connection ended (closed, idle, shutting down) in the middle of the command.</summary>
    Ended,
}

/// <summary>The outcome of <see cref="ImapCommandReader.ReadAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Command">The command as it came, its literals inline; empty unless <paramref name="Status"/> is <see cref="ImapReadStatus.Command"/>.</param>
/// <param name="Reason">Why it was refused, for the client.</param>
/// <param name="End">How the connection ended, when <paramref name="Status"/> is <see cref="ImapReadStatus.Ended"/>.</param>
public readonly record struct ImapCommandRead(ImapReadStatus Status, byte[] Command, string Reason, LineProtocol.LineStatus End);

namespace Maildriver.MailPorts.Imap.Session;

/// <summary>The states of an IMAP connection (RFC 3501 section 3).</summary>
internal enum ImapState
{
    /// <summary>Before LOGIN or AUTHENTICATE.</summary>
    NotAuthenticated,

    /// <summary>Logged in, no mailbox selected.</summary>
    Authenticated,

    /// <summary>INBOX selected (SELECT or EXAMINE).</summary>
    Selected,
}

namespace Maildriver.MailPorts.Imap.Syntax;

/// <summary>
/// A command that does not follow RFC 3501's grammar (section 9). The session answers it with a tagged
/// <c>BAD</c> carrying <see cref="Exception.Message"/>, and nothing is changed: commands are parsed whole before
/// anything is done.
/// </summary>
public sealed class ImapSyntaxException : Exception
{
    /// <summary>Creates the exception with the text the client is told.</summary>
    public ImapSyntaxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the default text.</summary>
    public ImapSyntaxException()
        : base("syntax error")
    {
    }

    /// <summary>Creates the exception around another.</summary>
    public ImapSyntaxException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

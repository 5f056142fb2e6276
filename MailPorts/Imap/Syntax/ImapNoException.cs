namespace Maildriver.MailPorts.Imap.Syntax;

/// <summary>
/// A well-formed command the server will not carry out, found while it is parsed (a charset SEARCH does not take,
/// a flag STORE cannot keep): answered with a tagged <c>NO</c> and the response code, nothing changed.
/// </summary>
public sealed class ImapNoException : Exception
{
    /// <summary>Creates the refusal: <paramref name="code"/> is the response code with its brackets, e.g. <c>[CANNOT]</c>.</summary>
    public ImapNoException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Creates the refusal without a response code.</summary>
    public ImapNoException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the refusal with the default text.</summary>
    public ImapNoException()
        : this(string.Empty, "refused")
    {
    }

    /// <summary>Creates the refusal around another.</summary>
    public ImapNoException(string message, Exception inner)
        : base(message, inner) => Code = string.Empty;

    /// <summary>The response code (RFC 3501 section 7.1, RFC 5530), or empty.</summary>
    public string Code { get; }

    /// <summary>The tagged response's text: the code, a space, the message.</summary>
    public string Text => Code.Length == 0 ? Message : $"{Code} {Message}";
}

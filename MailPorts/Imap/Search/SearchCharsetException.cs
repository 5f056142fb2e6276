namespace Maildriver.MailPorts.Imap.Search;

/// <summary>A SEARCH in a charset the server does not take: answered <c>NO [BADCHARSET (UTF-8 US-ASCII)]</c> (RFC 3501 section 6.4.4).</summary>
public sealed class SearchCharsetException : Exception
{
    /// <summary>Names the charset refused.</summary>
    public SearchCharsetException(string charset)
        : base($"charset '{charset}' is not supported")
    {
    }

    /// <summary>Creates the exception with the default text.</summary>
    public SearchCharsetException()
    {
    }

    /// <summary>Creates the exception around another.</summary>
    public SearchCharsetException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Maildriver.MailPorts.Imap.Store;

/// <summary>A STORE of a flag Maildriver does not keep: answered with a tagged NO, nothing changed.</summary>
public sealed class UnkeptFlagException : Exception
{
    /// <summary>Names the flag.</summary>
    public UnkeptFlagException(string flag)
        : base($"flag {flag} cannot be stored: only \\Seen, \\Flagged, \\Answered and \\Deleted are kept")
    {
    }

    /// <summary>Creates the exception with the default text.</summary>
    public UnkeptFlagException()
    {
    }

    /// <summary>Creates the exception around another.</summary>
    public UnkeptFlagException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

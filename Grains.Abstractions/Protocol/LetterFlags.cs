namespace Maildriver.Grains.Protocol;

/// <summary>
/// The replicated flags of one letter in one user's inbox, as a bit set: <see cref="Flagged"/> and
/// <see cref="Answered"/> are stored as they are in the inbox row's flags (so their values never change);
/// <see cref="Seen"/> is the read flag, kept in its own column, and only travels in <see cref="OrderKind.SetFlags"/>
/// orders so that it can be cleared as well as set.
/// </summary>
[Flags]
[GenerateSerializer, Alias("Maildriver.LetterFlags")]
public enum LetterFlags
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>IMAP's <c>\Flagged</c>: marked for attention.</summary>
    Flagged = 1,
    /// <summary>IMAP's <c>\Answered</c>: the user replied to it.</summary>
    Answered = 2,
    /// <summary>IMAP's <c>\Seen</c>: the read flag. Never in a stored flags column: the inbox row's read column holds it.</summary>
    Seen = 4,
}

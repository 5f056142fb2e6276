namespace Maildriver.Grains.Protocol;

/// <summary>
/// The replicated flags of one letter in one user's inbox besides the read flag (IMAP's <c>\Seen</c>), as a bit set:
/// the values are stored as they are, so they never change.
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
}

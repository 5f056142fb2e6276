namespace Maildriver.Grains.Protocol;

/// <summary>Checks on <see cref="LetterFlags"/> the client API and the stores make alike.</summary>
public static class LetterFlagsExtensions
{
    private const LetterFlags Known = LetterFlags.Flagged | LetterFlags.Answered | LetterFlags.Seen;

    /// <summary>Whether <paramref name="flags"/> names at least one flag and only flags a SetFlags order may carry.</summary>
    public static bool IsSettable(this LetterFlags flags) => flags != LetterFlags.None && (flags & ~Known) == 0;
}

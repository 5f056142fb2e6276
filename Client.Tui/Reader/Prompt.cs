namespace Maildriver.Client.Reader;

/// <summary>A question on the bottom line that takes the keys until it is answered.</summary>
internal abstract record Prompt
{
    /// <summary>"Delete this letter? (y/n)".</summary>
    public sealed record ConfirmDelete(string LetterId, string Question) : Prompt;

    /// <summary>"Abandon this letter? (y/n)" from the review screen.</summary>
    public sealed record ConfirmAbandon : Prompt;

    /// <summary>"Save attachment: 1 minutes.pdf": the number and the file, edited in one field.</summary>
    public sealed record SaveAttachment(string LetterId, TextField Answer) : Prompt;

    /// <summary>Typing a search; the list filters as it is typed, Esc puts back <paramref name="Previous"/>.</summary>
    public sealed record Search(TextField Query, string? Previous) : Prompt;
}

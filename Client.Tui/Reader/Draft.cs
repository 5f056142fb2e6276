namespace Maildriver.Client.Reader;

/// <summary>Which field of a letter being composed has the keys.</summary>
internal enum DraftField
{
    To,
    Subject,
    Body,
}

/// <summary>
/// A letter being composed. Its <see cref="SubmissionId"/> is chosen once, when the letter is begun, and goes with
/// every attempt to send it: the server keeps one letter per submission id, so a retry after an unknown outcome
/// (a gateway that died before answering) can never send it twice, and a letter that never arrived is sent once.
/// </summary>
/// <param name="To">Recipients, comma-separated users and lists.</param>
/// <param name="Subject">The subject (one line).</param>
/// <param name="Body">The text.</param>
/// <param name="Focus">The field being typed in.</param>
/// <param name="SubmissionId">The idempotency key of this letter.</param>
/// <param name="Attempts">How many times sending was tried.</param>
internal sealed record Draft(TextField To, TextField Subject, TextField Body, DraftField Focus, string SubmissionId, int Attempts = 0)
{
    public static Draft New(string submissionId) => new(TextField.Empty, TextField.Empty, TextField.Empty, DraftField.To, submissionId);

    /// <summary>A reply: to the sender, "Re: " once, the letter quoted under an attribution line.</summary>
    public static Draft ReplyTo(LetterItem letter, string submissionId)
    {
        var subject = letter.Subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? letter.Subject : "Re: " + letter.Subject;
        var body = string.Empty;
        if (!string.IsNullOrEmpty(letter.Body))
        {
            var quoted = letter.Body.TrimEnd('\n').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l);
            body = $"{letter.From} wrote:\n{string.Join('\n', quoted)}\n\n";
        }

        return new(TextField.Of(letter.From), TextField.Of(subject), TextField.Of(body), DraftField.Body, submissionId);
    }

    /// <summary>The recipients as the server takes them.</summary>
    public IReadOnlyList<string> Recipients
        => To.Text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Nothing typed yet: abandoning it needs no confirmation.</summary>
    public bool IsBlank => To.Text.Trim().Length == 0 && Subject.Text.Trim().Length == 0 && Body.Text.Trim().Length == 0;

    public TextField Focused => Focus switch
    {
        DraftField.To => To,
        DraftField.Subject => Subject,
        _ => Body,
    };

    public Draft WithFocused(TextField field) => Focus switch
    {
        DraftField.To => this with { To = field },
        DraftField.Subject => this with { Subject = field },
        _ => this with { Body = field },
    };
}

namespace Maildriver.Tests.Processes.Torture;

/// <summary>One user's copy of one letter: what a delete removes (deletes are per recipient).</summary>
public readonly record struct LetterCopy(string User, string LetterId)
{
    public override string ToString() => $"{User}:{LetterId}";
}

namespace Maildriver.TestSupport;

/// <summary>How a finished child process ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Everything a failed assertion needs to explain itself.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout.TrimEnd()}\n--- stderr ---\n{Stderr.TrimEnd()}";
}

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>What a <see cref="StatusProbe"/> saw.</summary>
/// <param name="Found">The first answer that met the condition, or null when none did in time.</param>
/// <param name="Answers">Status calls that answered.</param>
/// <param name="Failures">Status calls that failed (e.g. no Master reachable yet).</param>
/// <param name="LastError">The last failure's message, if any.</param>
public sealed record StatusProbeResult(StatusSample? Found, int Answers, int Failures, string? LastError)
{
    /// <summary>Says why nothing was found, for an error message.</summary>
    public string Describe() => Found is not null
        ? "found"
        : $"{Answers} answers, none meeting the condition; {Failures} failed calls{(LastError is null ? string.Empty : $", last: {LastError}")}";
}

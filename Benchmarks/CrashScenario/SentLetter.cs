namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>An acknowledged send of a <see cref="ContinuousSender"/>.</summary>
/// <param name="SubmissionId">The client's submission id (the same for every attempt).</param>
/// <param name="LetterId">The id the acknowledgement gave.</param>
/// <param name="Started">When its first attempt started, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
/// <param name="Acknowledged">When the acknowledgement arrived, in the same ticks.</param>
/// <param name="Attempts">How many attempts it took.</param>
public sealed record SentLetter(string SubmissionId, string LetterId, long Started, long Acknowledged, int Attempts);

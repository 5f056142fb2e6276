namespace Maildriver.Benchmarks.Reporting;

/// <summary>
/// Maildriver's side of the comparison rows that have no key of their own in the JSON document: Dovecot's
/// small-letter workloads run on Maildriver, and the concurrency the headline send rate was measured at.
/// </summary>
public sealed class MatchedFigures
{
    /// <summary>Small letters to one user from one session, acknowledged per second.</summary>
    public double? SmallPerSecond { get; set; }

    /// <summary>The same from <see cref="Sessions"/> parallel sessions.</summary>
    public double? SmallPerSecondParallel { get; set; }

    /// <summary>The parallel sessions of the small-letter workload (Dovecot's too).</summary>
    public int Sessions { get; set; } = 4;

    /// <summary>The concurrency at which <see cref="MaildriverFigures.SendsPerSecond"/> was measured.</summary>
    public int? BestConcurrency { get; set; }
}

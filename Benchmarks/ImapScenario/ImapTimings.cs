using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>One side's answers to the IMAP workload, in milliseconds from the command written to its tagged OK.</summary>
/// <param name="FirstFetchMs">The first <c>FETCH 1:N (ENVELOPE FLAGS)</c> after the mailbox was filled, in a new session.</param>
/// <param name="WarmFetchMs">The warm repeats of it, in the same session.</param>
/// <param name="ColdFetchMs">The first after the server process was restarted, in a new session: one per restart.</param>
/// <param name="FirstSelectMs">The first <c>SELECT INBOX</c> of the large mailbox after it was filled.</param>
/// <param name="WarmSelectMs">The warm repeats of it, in the same session.</param>
/// <param name="ColdSelectMs">The first after the server process was restarted: one per restart.</param>
public sealed record ImapTimings(
    double FirstFetchMs,
    IReadOnlyList<double> WarmFetchMs,
    IReadOnlyList<double> ColdFetchMs,
    double FirstSelectMs,
    IReadOnlyList<double> WarmSelectMs,
    IReadOnlyList<double> ColdSelectMs)
{
    /// <summary>The median warm FETCH.</summary>
    public double WarmFetchMedianMs => Median.Of(WarmFetchMs);

    /// <summary>The median warm SELECT.</summary>
    public double WarmSelectMedianMs => Median.Of(WarmSelectMs);

    /// <summary>The median cold FETCH: one restart's figure swings by half on two cores, the median of several less.</summary>
    public double ColdFetchMedianMs => Median.Of(ColdFetchMs);

    /// <summary>The median cold SELECT.</summary>
    public double ColdSelectMedianMs => Median.Of(ColdSelectMs);
}

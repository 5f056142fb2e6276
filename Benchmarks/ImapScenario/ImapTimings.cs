namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>One side's answers to the IMAP workload, in milliseconds from the command written to its tagged OK.</summary>
/// <param name="FirstFetchMs">The first <c>FETCH 1:N (ENVELOPE FLAGS)</c> after the mailbox was filled, in a new session.</param>
/// <param name="WarmFetchMs">The warm repeats of it, in the same session.</param>
/// <param name="ColdFetchMs">The first after the server process was restarted, in a new session.</param>
/// <param name="FirstSelectMs">The first <c>SELECT INBOX</c> of the large mailbox after it was filled.</param>
/// <param name="WarmSelectMs">The warm repeats of it, in the same session.</param>
/// <param name="ColdSelectMs">The first after the server process was restarted.</param>
public sealed record ImapTimings(
    double FirstFetchMs,
    IReadOnlyList<double> WarmFetchMs,
    double ColdFetchMs,
    double FirstSelectMs,
    IReadOnlyList<double> WarmSelectMs,
    double ColdSelectMs)
{
    /// <summary>The median warm FETCH.</summary>
    public double WarmFetchMedianMs => Median(WarmFetchMs);

    /// <summary>The median warm SELECT.</summary>
    public double WarmSelectMedianMs => Median(WarmSelectMs);

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

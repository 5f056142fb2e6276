using System.Globalization;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>
/// Issue 17 beside Dovecot, from the same run: the IMAP workload on both sides with the ratio against the issue's
/// 2× bound, then Maildriver's own IDLE and SMTP rows with their targets.
/// </summary>
public static class ImapComparisonTable
{
    /// <summary>Maildriver may take at most this many times Dovecot's time for the same IMAP command.</summary>
    public const double MaxRatio = 2;

    /// <summary>The IDLE targets: the median and the slowest letter, send started → EXISTS, ms.</summary>
    public const double IdleP50Limit = 300;

    /// <inheritdoc cref="IdleP50Limit"/>
    public const double IdleMaxLimit = 1000;

    /// <summary>The least SMTP's acknowledged-send rate may be, as a share of the client API's.</summary>
    public const double SubmissionFloor = 0.9;

    /// <summary>The table, with a PASS or MISS for each row that has a target and both figures.</summary>
    public static MarkdownTable Build(ImapFigures imap)
    {
        ArgumentNullException.ThrowIfNull(imap);
        var table = new MarkdownTable(["workload", "Maildriver (3 machines)", "Dovecot (1 machine)", "Maildriver ÷ Dovecot", "target", "result"], 1, 2, 3);
        var (m, d) = (imap.Maildriver, imap.Dovecot);
        var fetch = $"FETCH 1:{imap.FetchLetters:N0} (ENVELOPE FLAGS)";
        var select = $"SELECT INBOX of {imap.SelectLetters:N0} letters";
        Timed(table, $"{fetch}, warm (median of {imap.WarmRepeats})", m?.WarmFetchMedianMs, d?.WarmFetchMedianMs, bounded: true);
        var cold = $"  the same, cold (first after the server process restarted, median of {imap.ColdRestarts} restarts)";
        Timed(table, cold, m?.ColdFetchMedianMs, d?.ColdFetchMedianMs, bounded: true);
        Timed(table, "  the same, first after the mailbox was filled", m?.FirstFetchMs, d?.FirstFetchMs, bounded: false);
        Timed(table, $"{select}, warm (median of {imap.WarmRepeats})", m?.WarmSelectMedianMs, d?.WarmSelectMedianMs, bounded: true);
        Timed(table, cold, m?.ColdSelectMedianMs, d?.ColdSelectMedianMs, bounded: true);
        Timed(table, "  the same, first after the mailbox was filled", m?.FirstSelectMs, d?.FirstSelectMs, bounded: false);

        var idle = $"letter sent through MD2 → EXISTS at a client idling on MD1 ({imap.IdleLetters} letters)";
        table.Add($"{idle}, p50", FigureFormat.WithUnit(imap.IdleP50Ms, "ms"), string.Empty, string.Empty, $"≤ {IdleP50Limit:0} ms", Verdict(imap.IdleP50Ms <= IdleP50Limit, imap.IdleP50Ms));
        table.Add("  the same, slowest", FigureFormat.WithUnit(imap.IdleMaxMs, "ms"), string.Empty, string.Empty, $"≤ {IdleMaxLimit:0,0} ms", Verdict(imap.IdleMaxMs <= IdleMaxLimit, imap.IdleMaxMs));

        var share = imap.SmtpPerSecond / imap.ApiPerSecond;
        table.Add(
            $"SMTP submission, {imap.SubmissionSenders} senders (client API, the CLI's path, in the Dovecot column)",
            FigureFormat.WithUnit(imap.SmtpPerSecond, "sends/s"),
            FigureFormat.WithUnit(imap.ApiPerSecond, "sends/s"),
            FigureFormat.Ratio(share),
            string.Create(CultureInfo.InvariantCulture, $"≥ {SubmissionFloor:0.0}× the API's"),
            Verdict(share >= SubmissionFloor, share));
        return table;
    }

    private static void Timed(MarkdownTable table, string workload, double? maildriver, double? dovecot, bool bounded)
    {
        var ratio = maildriver / dovecot;
        table.Add(
            workload,
            FigureFormat.WithUnit(maildriver, "ms"),
            FigureFormat.WithUnit(dovecot, "ms"),
            FigureFormat.Ratio(ratio),
            bounded ? $"≤ {MaxRatio:0}×" : string.Empty,
            bounded ? Verdict(ratio <= MaxRatio, ratio) : string.Empty);
    }

    private static string Verdict(bool met, double? figure) => figure is { } f && double.IsFinite(f) ? met ? "PASS" : "MISS" : "n/a";
}

namespace Maildriver.Benchmarks.Reporting;

/// <summary>The headline figures under their JSON keys, as a table: what <c>--json</c> writes, for the eye.</summary>
public static class KeyFigureTable
{
    /// <summary>One row per key of the JSON document.</summary>
    public static MarkdownTable Build(MaildriverFigures maildriver, DovecotFigures dovecot)
    {
        ArgumentNullException.ThrowIfNull(maildriver);
        ArgumentNullException.ThrowIfNull(dovecot);
        var table = new MarkdownTable(["key", "figure", "value"], 2);
        void Add(string key, string what, double? value, string unit) => table.Add(key, what, FigureFormat.WithUnit(value, unit));

        Add("maildriver.sendsPerSecond", "acknowledged sends, best concurrency", maildriver.SendsPerSecond, "sends/s");
        Add("maildriver.ackP50Ms", "ack latency p50 there", maildriver.AckP50Ms, "ms");
        Add("maildriver.ackP99Ms", "ack latency p99 there", maildriver.AckP99Ms, "ms");
        Add("maildriver.bulk1000Seconds", "100 KB to 1,000 recipients, send → delivered on all 3", maildriver.Bulk1000Seconds, "s");
        Add("maildriver.bulk10000Seconds", "100 KB to 10,000 recipients, the same", maildriver.Bulk10000Seconds, "s");
        Add("maildriver.bulkBytesPerMachine", "bytes stored for the 1,000-recipient letter, per machine", maildriver.BulkBytesPerMachine, "B");
        Add("maildriver.pollP50Ms", "poll, 100-letter inbox, p50", maildriver.PollP50Ms, "ms");
        Add("maildriver.listP50Ms", "list, 100-letter inbox, p50", maildriver.ListP50Ms, "ms");
        Add("maildriver.receiveP50Ms", "receive, 100-letter inbox, p50", maildriver.ReceiveP50Ms, "ms");
        Add("maildriver.catchup10000Seconds", "restart after missing 10,000 letters → caught up", maildriver.Catchup10000Seconds, "s");
        Add("maildriver.failoverSeconds", "kill -9 of the Master → first acknowledged send (worst round)", maildriver.FailoverSeconds, "s");
        Add("maildriver.peakRssMb", "peak RSS of the largest silo, 100,000 letters for 10,000 users", maildriver.PeakRssMb, "MiB");
        Add("dovecot.smallPerSecond", "small letters to one user, 1 LMTP session", dovecot.SmallPerSecond, "letters/s");
        Add("dovecot.smallPerSecond4Sessions", "the same, 4 sessions", dovecot.SmallPerSecond4Sessions, "letters/s");
        Add("dovecot.bulk1000Seconds", "100 KB to 1,000 users in one transaction", dovecot.Bulk1000Seconds, "s");
        Add("dovecot.bulkBytes", "bytes stored for it", dovecot.BulkBytes, "B");
        return table;
    }
}

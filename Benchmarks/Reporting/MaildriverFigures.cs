namespace Maildriver.Benchmarks.Reporting;

/// <summary>
/// Maildriver's headline figures under the fixed keys of the <c>--json</c> document, so runs can be compared over
/// time. Null: not measured in this run, or measured at other sizes than the key names (a <c>--quick</c> run).
/// </summary>
public sealed class MaildriverFigures
{
    /// <summary>Acknowledged sends per second at the best concurrency of the sweep.</summary>
    public double? SendsPerSecond { get; set; }

    /// <summary>Median acknowledgement latency at that concurrency, milliseconds.</summary>
    public double? AckP50Ms { get; set; }

    /// <summary>99th-percentile acknowledgement latency at that concurrency, milliseconds.</summary>
    public double? AckP99Ms { get; set; }

    /// <summary>One 100 KB letter to 1,000 recipients: send until delivered on every machine, seconds.</summary>
    public double? Bulk1000Seconds { get; set; }

    /// <summary>The same to 10,000 recipients, seconds.</summary>
    public double? Bulk10000Seconds { get; set; }

    /// <summary>What the 100 KB letter to 1,000 recipients added to a machine's database (the largest of the machines), bytes.</summary>
    public double? BulkBytesPerMachine { get; set; }

    /// <summary>Median <c>poll</c> with a 100-letter inbox, milliseconds.</summary>
    public double? PollP50Ms { get; set; }

    /// <summary>Median <c>list</c> with a 100-letter inbox, milliseconds.</summary>
    public double? ListP50Ms { get; set; }

    /// <summary>Median <c>receive</c> with a 100-letter inbox, milliseconds.</summary>
    public double? ReceiveP50Ms { get; set; }

    /// <summary>A machine that missed 10,000 letters: restart until caught up, seconds.</summary>
    public double? Catchup10000Seconds { get; set; }

    /// <summary>kill -9 of the Master until the first acknowledged send started after it (worst round), seconds.</summary>
    public double? FailoverSeconds { get; set; }

    /// <summary>The largest silo's peak resident memory (VmHWM) with 100,000 letters for 10,000 users, MiB.</summary>
    public double? PeakRssMb { get; set; }
}

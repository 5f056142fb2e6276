namespace Maildriver.Benchmarks.Reporting;

/// <summary>Dovecot's figures from the same run, under the fixed keys of the <c>--json</c> document (null: not run).</summary>
public sealed class DovecotFigures
{
    /// <summary>Small letters to one user per second, one LMTP session.</summary>
    public double? SmallPerSecond { get; set; }

    /// <summary>The same with 4 parallel sessions.</summary>
    public double? SmallPerSecond4Sessions { get; set; }

    /// <summary>One 100 KB letter to 1,000 users in one LMTP transaction, seconds.</summary>
    public double? Bulk1000Seconds { get; set; }

    /// <summary>What that letter added to the mail folder (du, hard links counted once), bytes.</summary>
    public double? BulkBytes { get; set; }
}

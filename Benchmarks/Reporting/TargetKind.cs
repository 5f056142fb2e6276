namespace Maildriver.Benchmarks.Reporting;

/// <summary>How a measured figure is compared with its target.</summary>
public enum TargetKind
{
    /// <summary>The figure must be strictly below the limit ("under 5 µs").</summary>
    Below,

    /// <summary>The figure must be at most the limit ("≤ 3 s").</summary>
    AtMost,

    /// <summary>The figure must be at least the limit ("at least 20,000 calls/s").</summary>
    AtLeast,
}

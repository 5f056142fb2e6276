namespace Maildriver.Benchmarks.ReaderScenario;

/// <summary>Sizes of the reader scenario.</summary>
public sealed record ReaderBenchmarkOptions
{
    /// <summary>The preset of <c>--quick</c>.</summary>
    public static ReaderBenchmarkOptions Quick { get; } = new() { FirstScreenRuns = 2, RedrawKeys = 200 };

    /// <summary>Letters in the inbox whose key presses are timed (headless).</summary>
    public int RedrawLetters { get; init; } = 10_000;

    /// <summary>Key presses timed, after as many untimed.</summary>
    public int RedrawKeys { get; init; } = 1_000;

    /// <summary>Times the reader is started against the cluster (after one untimed start).</summary>
    public int FirstScreenRuns { get; init; } = 5;

    /// <summary>Letters in the inbox of the user the reader logs in as.</summary>
    public int FirstScreenLetters { get; init; } = 20;

    /// <summary>Maildriver.Silo.dll to run, or null for the one built with the benchmark.</summary>
    public string? SiloPath { get; init; }

    /// <summary>Keep the cluster's folder.</summary>
    public bool KeepData { get; init; }
}

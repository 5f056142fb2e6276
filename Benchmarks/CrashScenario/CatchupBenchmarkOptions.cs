namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>Sizes of the catch-up scenario.</summary>
public sealed class CatchupBenchmarkOptions
{
    /// <summary>The sizes of <c>--quick</c>: fewer letters, so <c>catchup10000Seconds</c> stays null in its JSON.</summary>
    public static CatchupBenchmarkOptions Quick { get; } = new() { Letters = 2_000 };

    /// <summary>Letters sent while the machine is down.</summary>
    public int Letters { get; init; } = 10_000;

    /// <summary>Concurrent sends while the machine is down (spread over the live gateways).</summary>
    public int Senders { get; init; } = 64;

    /// <summary>How long to wait for the restarted machine to be caught up before calling it a miss.</summary>
    public TimeSpan Limit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The Maildriver.Silo assembly to run; the one built with the benchmark when null.</summary>
    public string? SiloPath { get; init; }

    /// <summary>The silos' MAILDRIVER_LOG_LEVEL (e.g. Debug); null leaves their default (Information).</summary>
    public string? SiloLogLevel { get; init; }

    /// <summary>Keep the cluster's temporary folder (configuration, databases, silo logs) after the run.</summary>
    public bool KeepData { get; init; }
}

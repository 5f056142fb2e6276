namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>Sizes of the failover scenario.</summary>
public sealed class FailoverBenchmarkOptions
{
    /// <summary>The sizes of <c>--quick</c>: one round.</summary>
    public static FailoverBenchmarkOptions Quick { get; } = new() { Rounds = 1, Warmup = TimeSpan.FromSeconds(1) };

    /// <summary>How many times the Master is killed (the old one restarted between rounds).</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Sending before each kill, so that the send path is warm and the cluster is under load when it dies.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A new send starts every interval (each retried with its submission id until acknowledged).</summary>
    public TimeSpan SendInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long to wait for the first post-kill acknowledgement (and for Status) before calling it a miss.</summary>
    public TimeSpan Limit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The Maildriver.Silo assembly to run; the one built with the benchmark when null.</summary>
    public string? SiloPath { get; init; }

    /// <summary>The silos' MAILDRIVER_LOG_LEVEL (e.g. Debug); null leaves their default (Information).</summary>
    public string? SiloLogLevel { get; init; }

    /// <summary>Keep the cluster's temporary folder (configuration, databases, silo logs) after the run.</summary>
    public bool KeepData { get; init; }
}

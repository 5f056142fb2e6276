namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>Sizes of the protocol scenario.</summary>
public sealed class ProtocolBenchmarkOptions
{
    /// <summary>Concurrent senders in the throughput test (also the sender accounts the other tests use).</summary>
    public int Senders { get; init; } = 32;

    /// <summary>
    /// Untimed sending before the throughput window. Send's code paths are new to the silos at this point, and a
    /// profile of the first seconds showed 40 % of their CPU in the JIT (tiered recompilation), not in Maildriver.
    /// </summary>
    public TimeSpan SendWarmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The measured throughput window.</summary>
    public TimeSpan SendDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sends per second offered in the ack-latency test.</summary>
    public double OfferedRate { get; init; } = 100;

    /// <summary>Length of the ack-latency test.</summary>
    public TimeSpan RateDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Recipients of the bulk letter.</summary>
    public int BulkRecipients { get; init; } = 10_000;

    /// <summary>Name every bulk recipient in the letter rather than one mailing list.</summary>
    public bool BulkExplicit { get; init; }

    /// <summary>Sequential poll calls timed.</summary>
    public int PollCalls { get; init; } = 2_000;

    /// <summary>The Maildriver.Silo assembly to run; the one built with the benchmark when null.</summary>
    public string? SiloPath { get; init; }

    /// <summary>The silos' MAILDRIVER_LOG_LEVEL (e.g. Warning); null leaves their default (Information).</summary>
    public string? SiloLogLevel { get; init; }

    /// <summary>Keep the cluster's temporary folder (configuration, databases, silo logs) after the run.</summary>
    public bool KeepData { get; init; }
}

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>Sizes of the protocol scenario; the defaults are the full run's, <see cref="Quick"/> a run of a few seconds each.</summary>
public sealed class ProtocolBenchmarkOptions
{
    /// <summary>The sizes of <c>--quick</c>: the same tests, fewer and shorter.</summary>
    public static ProtocolBenchmarkOptions Quick { get; } = new()
    {
        Concurrencies = [1, 4, 32],
        SendWarmup = TimeSpan.FromSeconds(2),
        LevelWarmup = TimeSpan.FromSeconds(1),
        SendDuration = TimeSpan.FromSeconds(3),
        RateDuration = TimeSpan.FromSeconds(3),
        SmallLetters = 300,
        BulkRecipients = [1000],
        PollCalls = 500,
        ListCalls = 200,
        ReceiveCalls = 100,
        MemoryLetters = 10_000,
        MemoryUsers = 1_000,
        DashboardWarmup = TimeSpan.Zero,
        DashboardWindow = TimeSpan.FromSeconds(3),
        DashboardPairs = 1,
        CliRuns = 3,
    };

    /// <summary>
    /// The concurrencies of the throughput sweep: at each, that many senders send as fast as acks come back. The
    /// largest is also how many sender accounts the other tests share.
    /// </summary>
    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 4, 16, 64];

    /// <summary>Sender accounts: as many as the largest concurrency.</summary>
    public int Senders => Concurrencies.Max();

    /// <summary>
    /// Untimed sending before the first throughput window. Send's code paths are new to the silos at this point, and
    /// a profile of the first seconds showed 40 % of their CPU in the JIT (tiered recompilation), not in Maildriver.
    /// </summary>
    public TimeSpan SendWarmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Untimed sending before each later window: enough for the new concurrency to reach its steady state.</summary>
    public TimeSpan LevelWarmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Each measured throughput window.</summary>
    public TimeSpan SendDuration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Sends per second offered in the ack-latency test.</summary>
    public double OfferedRate { get; init; } = 100;

    /// <summary>Length of the ack-latency test.</summary>
    public TimeSpan RateDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Dovecot's small-letter workload on Maildriver: this many letters to one user, from one session and from <see cref="Sessions"/>.</summary>
    public int SmallLetters { get; init; } = 1000;

    /// <summary>The parallel sessions of the small-letter workload (the same as Dovecot's).</summary>
    public int Sessions { get; init; } = 4;

    /// <summary>The bulk letters' recipient counts: one letter to each many.</summary>
    public IReadOnlyList<int> BulkRecipients { get; init; } = [1000, 10_000];

    /// <summary>Timed bulk letters per size (one after another; the median counts), after one untimed.</summary>
    public int BulkRepeats { get; init; } = 3;

    /// <summary>The bulk letters' body size, bytes.</summary>
    public int BulkBytes { get; init; } = 102_400;

    /// <summary>Name every bulk recipient in the letter rather than one mailing list.</summary>
    public bool BulkExplicit { get; init; }

    /// <summary>Letters in the inbox whose poll, list and receive are timed.</summary>
    public int InboxLetters { get; init; } = 100;

    /// <summary>Sequential poll calls timed.</summary>
    public int PollCalls { get; init; } = 2_000;

    /// <summary>Sequential list calls timed.</summary>
    public int ListCalls { get; init; } = 500;

    /// <summary>Sequential receive calls timed.</summary>
    public int ReceiveCalls { get; init; } = 300;

    /// <summary>Letters sent for the memory figure, spread over <see cref="MemoryUsers"/> users.</summary>
    public int MemoryLetters { get; init; } = 100_000;

    /// <summary>Users the memory letters go to (registered with the bulk recipients).</summary>
    public int MemoryUsers { get; init; } = 10_000;

    /// <summary>How long the dashboards are open before their overhead is measured (their code compiled, first digests taken).</summary>
    public TimeSpan DashboardWarmup { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Each window of the dashboard-overhead comparison (with and without viewers).</summary>
    public TimeSpan DashboardWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The pages the viewer keeps open in the dashboard-overhead comparison.</summary>
    public DashboardPages DashboardPages { get; init; } = DashboardPages.Both;

    /// <summary>Pairs of windows (without, then with viewers) the dashboard overhead is averaged over.</summary>
    public int DashboardPairs { get; init; } = 2;

    /// <summary>Timed runs of each <c>maildriver</c> command (<c>--version</c>, <c>poll</c>, <c>send</c>), after one untimed.</summary>
    public int CliRuns { get; init; } = 10;

    /// <summary>The Maildriver.Silo assembly to run; the one built with the benchmark when null.</summary>
    public string? SiloPath { get; init; }

    /// <summary>The silos' MAILDRIVER_LOG_LEVEL (e.g. Warning); null leaves their default (Information).</summary>
    public string? SiloLogLevel { get; init; }

    /// <summary>Keep the cluster's temporary folder (configuration, databases, silo logs) after the run.</summary>
    public bool KeepData { get; init; }
}

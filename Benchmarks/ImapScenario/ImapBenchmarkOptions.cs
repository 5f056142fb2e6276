namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// Sizes of issue 17's IMAP workload (both sides), the IDLE test and the SMTP submission comparison; the defaults are
/// the issue's, <see cref="Quick"/> a run that only shows everything works.
/// </summary>
public sealed class ImapBenchmarkOptions
{
    /// <summary>The sizes of <c>--quick</c>: the same tests on small mailboxes and short windows.</summary>
    public static ImapBenchmarkOptions Quick { get; } = new()
    {
        FetchLetters = 100,
        SelectLetters = 1_000,
        WarmRepeats = 5,
        ColdRestarts = 1,
        IdleLetters = 10,
        SubmissionSenders = 16,
        SubmissionWarmup = TimeSpan.FromSeconds(1),
        SubmissionDuration = TimeSpan.FromSeconds(3),
        SubmissionRounds = 1,
    };

    /// <summary>Letters in the mailbox whose <c>FETCH 1:N (ENVELOPE FLAGS)</c> is timed (the issue: 1,000).</summary>
    public int FetchLetters { get; init; } = 1_000;

    /// <summary>Letters in the mailbox whose <c>SELECT INBOX</c> is timed (the issue: 10,000).</summary>
    public int SelectLetters { get; init; } = 10_000;

    /// <summary>Warm repeats of each command in one session; their median is the warm figure.</summary>
    public int WarmRepeats { get; init; } = 20;

    /// <summary>
    /// Restarts of the server process, each followed by one cold SELECT and one cold FETCH; their medians are the cold
    /// figures. One cold figure swings by half from run to run on two cores.
    /// </summary>
    public int ColdRestarts { get; init; } = 5;

    /// <summary>Letters sent one at a time through MD2 to a client idling on MD1.</summary>
    public int IdleLetters { get; init; } = 50;

    /// <summary>
    /// Concurrent senders of the submission comparison, the same on both paths (SMTP: one authenticated connection
    /// each). 64 is the concurrency of the protocol scenario's headline send rate.
    /// </summary>
    public int SubmissionSenders { get; init; } = 64;

    /// <summary>Untimed sending before each submission window (connections opened, code compiled).</summary>
    public TimeSpan SubmissionWarmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Each measured submission window (client API, then SMTP).</summary>
    public TimeSpan SubmissionDuration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Rounds of the submission comparison, each a client API and an SMTP window, which goes first alternating.</summary>
    public int SubmissionRounds { get; init; } = 4;

    /// <summary>Run Dovecot's side (<c>peers/dovecot.sh --imap-serve</c>) before Maildriver's.</summary>
    public bool Dovecot { get; init; } = true;

    /// <summary>Let the script install the Debian packages (dovecot-imapd among them) when they are missing (needs root).</summary>
    public bool Install { get; init; } = true;

    /// <summary>Keep the temporary folders (the cluster's, Dovecot's).</summary>
    public bool KeepData { get; init; }

    /// <summary>The Maildriver.Silo assembly to run; the one built with the benchmark when null.</summary>
    public string? SiloPath { get; init; }

    /// <summary>The silos' MAILDRIVER_LOG_LEVEL; null leaves their default.</summary>
    public string? SiloLogLevel { get; init; }

    /// <summary>The Dovecot peer script; the copy next to this benchmark's assembly when null.</summary>
    public string? ScriptPath { get; init; }
}

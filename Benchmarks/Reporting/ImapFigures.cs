using Maildriver.Benchmarks.ImapScenario;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>Issue 17's figures, both sides, for the IMAP comparison table (null: not measured). Not in the <c>--json</c> keys.</summary>
public sealed class ImapFigures
{
    /// <summary>Maildriver's answers to the IMAP workload (MD3's port of three machines).</summary>
    public ImapTimings? Maildriver { get; set; }

    /// <summary>Dovecot's answers to the same workload.</summary>
    public ImapTimings? Dovecot { get; set; }

    /// <summary>Letters in the FETCH mailbox.</summary>
    public int FetchLetters { get; set; }

    /// <summary>Letters in the SELECT mailbox.</summary>
    public int SelectLetters { get; set; }

    /// <summary>Warm repeats behind each warm median.</summary>
    public int WarmRepeats { get; set; }

    /// <summary>Restarts behind each cold median.</summary>
    public int ColdRestarts { get; set; }

    /// <summary>Send started through MD2 → EXISTS at the client idling on MD1, median, ms.</summary>
    public double? IdleP50Ms { get; set; }

    /// <summary>The same, the slowest letter, ms.</summary>
    public double? IdleMaxMs { get; set; }

    /// <summary>Timed letters of the IDLE test.</summary>
    public int IdleLetters { get; set; }

    /// <summary>Acknowledged sends per second through SMTP submission.</summary>
    public double? SmtpPerSecond { get; set; }

    /// <summary>The same through the client API (the CLI's path), same senders.</summary>
    public double? ApiPerSecond { get; set; }

    /// <summary>Concurrent senders of both.</summary>
    public int SubmissionSenders { get; set; }

    /// <summary>Whether any IMAP figure was measured.</summary>
    public bool Measured => Maildriver is not null || Dovecot is not null || IdleP50Ms is not null || SmtpPerSecond is not null;
}

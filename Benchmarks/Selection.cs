using Maildriver.Benchmarks.CrashScenario;
using Maildriver.Benchmarks.ImapScenario;
using Maildriver.Benchmarks.PeerScenario;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.ReaderScenario;
using Maildriver.Benchmarks.RuntimeScenario;

namespace Maildriver.Benchmarks;

/// <summary>The scenarios a command runs, each with its sizes (null: not run); written into the details JSON as the options.</summary>
/// <param name="Runtime">The runtime alone.</param>
/// <param name="Protocol">The mail protocol on three silo processes.</param>
/// <param name="Failover">kill -9 of the Master.</param>
/// <param name="Catchup">A machine that missed letters comes back.</param>
/// <param name="Dovecot">Dovecot's LMTP delivery, the reference.</param>
/// <param name="Reader">The terminal reader: a key press with 10,000 letters, and the command to its first screen.</param>
/// <param name="Imap">Issue 17: the IMAP workload on Dovecot and on the cluster, IDLE, SMTP submission.</param>
internal sealed record Selection(
    RuntimeBenchmarkOptions? Runtime = null,
    ProtocolBenchmarkOptions? Protocol = null,
    FailoverBenchmarkOptions? Failover = null,
    CatchupBenchmarkOptions? Catchup = null,
    DovecotBenchmarkOptions? Dovecot = null,
    ReaderBenchmarkOptions? Reader = null,
    ImapBenchmarkOptions? Imap = null)
{
    /// <summary>Whether any selected scenario needs the three-machine cluster.</summary>
    public bool NeedsCluster => Protocol is not null || Failover is not null || Catchup is not null || Imap is not null;
}

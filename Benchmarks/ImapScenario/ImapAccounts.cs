using System.Diagnostics;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// The users of the IMAP scenario on a <see cref="LocalMailCluster"/>, registered by the administrator, and the two
/// mailboxes of the workload filled with the protocol scenario's small letter (512 bytes, subject "benchmark": what
/// Dovecot's side gets from smtp-source) through the client API, the fastest honest way in.
/// </summary>
public sealed class ImapAccounts
{
    /// <summary>The user whose INBOX gets the FETCH mailbox's letters.</summary>
    public const string FetchUser = "imapfetch";

    /// <summary>The user whose INBOX gets the SELECT mailbox's letters.</summary>
    public const string SelectUser = "imapselect";

    /// <summary>The user who idles on MD1.</summary>
    public const string IdleUser = "idler";

    /// <summary>A user only logged in with to see that a restarted machine answers IMAP, touching no measured mailbox.</summary>
    public const string ProbeUser = "imapprobe";

    // As the protocol scenario's registration and its 64 senders: enough in flight for group commit to batch.
    private const int Concurrency = 64;

    private ImapAccounts(IReadOnlyList<Sender> senders) => Senders = senders;

    /// <summary>The senders (sender i on gateway MD(i mod 3 + 1), writing to sender i+1), as many as the submission comparison's.</summary>
    public IReadOnlyList<Sender> Senders { get; }

    /// <summary>The mailboxes of machine <paramref name="machine"/>'s IMAP port.</summary>
    public static ImapMailboxes Mailboxes(LocalMailCluster cluster, int machine, ImapBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        return new ImapMailboxes(cluster.ImapPorts[machine], FetchUser, MailAccounts.Password(FetchUser), options.FetchLetters, SelectUser, MailAccounts.Password(SelectUser), options.SelectLetters);
    }

    /// <summary>Registers everyone, logs the senders in, fills the two mailboxes and waits until every machine has them.</summary>
    public static async Task<ImapAccounts> CreateAsync(LocalMailCluster cluster, ImapBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var senderNames = Enumerable.Range(0, options.SubmissionSenders).Select(i => $"imapsender{i:D3}").ToList();
        var everyone = senderNames.Concat([FetchUser, SelectUser, IdleUser, ProbeUser]).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            everyone.Select((name, index) => (name, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (user, _) => await cluster.Server(user.index % cluster.Machines.Count)
                .AddUser(cluster.AdminToken, user.name, MailAccounts.Password(user.name), isAdmin: false).ConfigureAwait(false)).ConfigureAwait(false);
        await cluster.QuietAsync().ConfigureAwait(false);
        var senders = await Task.WhenAll(senderNames.Select(async (name, i) =>
        {
            var server = cluster.Server(i % cluster.Machines.Count);
            var login = await server.Login(name, MailAccounts.Password(name)).ConfigureAwait(false);
            return new Sender(name, login.Token, server, senderNames[(i + 1) % senderNames.Count]);
        })).ConfigureAwait(false);

        var total = options.FetchLetters + options.SelectLetters;
        await using (var counter = report.Progress.Count("filling the IMAP mailboxes", total))
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, total),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (k, _) =>
                {
                    var to = k < options.FetchLetters ? FetchUser : SelectUser;
                    await senders[k % senders.Length].SendToAsync(to, $"imap-fill-{k}").ConfigureAwait(false);
                    counter.Add();
                }).ConfigureAwait(false);
        }

        await cluster.QuietAsync().ConfigureAwait(false);
        report.Add(new Measurement("imap/setup", $"register {everyone.Count} users, send {options.FetchLetters:N0} + {options.SelectLetters:N0} letters, until replicated", clock.Elapsed.TotalSeconds, "s",
            Note: $"setup, not a target: AddUser and Send through the three gateways, {Concurrency} in flight, then Verify until quiet"));
        return new ImapAccounts(senders);
    }
}

using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>The users the scenario needs, registered by the administrator before anything is measured.</summary>
public sealed class MailAccounts
{
    /// <summary>The mailing list holding every bulk recipient.</summary>
    public const string BulkList = "everyone";

    /// <summary>The user whose poll latency is measured.</summary>
    public const string PollUser = "poller";

    // Registration is admin work on the gateways: keep enough in flight for group commit to batch them, without
    // queueing ten thousand calls at once.
    private const int RegistrationConcurrency = 256;

    private MailAccounts(IReadOnlyList<Sender> senders, IReadOnlyList<string> bulkRecipients, string pollToken)
    {
        Senders = senders;
        BulkRecipients = bulkRecipients;
        PollToken = pollToken;
    }

    /// <summary>The senders; sender i is connected to machine i mod 3 and writes to sender i+1.</summary>
    public IReadOnlyList<Sender> Senders { get; }

    /// <summary>The bulk letter's recipients, in list order.</summary>
    public IReadOnlyList<string> BulkRecipients { get; }

    /// <summary>The token of <see cref="PollUser"/>.</summary>
    public string PollToken { get; }

    /// <summary>Registers the senders, the poll user and the bulk recipients (and their list), and logs in.</summary>
    public static async Task<MailAccounts> CreateAsync(LocalMailCluster cluster, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var senderNames = Enumerable.Range(0, options.Senders).Select(i => $"sender{i:D3}").ToList();
        var bulk = Enumerable.Range(0, options.BulkRecipients).Select(i => $"bulk{i:D5}").ToList();
        var everyone = senderNames.Append(PollUser).Concat(bulk).ToList();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            everyone.Select((name, index) => (name, index)),
            new ParallelOptions { MaxDegreeOfParallelism = RegistrationConcurrency, CancellationToken = cancellationToken },
            async (user, _) => await cluster.Server(user.index % cluster.Machines.Count)
                .AddUser(cluster.AdminToken, user.name, Password(user.name), isAdmin: false).ConfigureAwait(false)).ConfigureAwait(false);

        // AddList checks the members on the machine it is called on: wait until every machine has them all.
        await cluster.QuietAsync().ConfigureAwait(false);
        if (!options.BulkExplicit)
        {
            await cluster.Server(0).AddList(cluster.AdminToken, BulkList, bulk).ConfigureAwait(false);
            await cluster.QuietAsync().ConfigureAwait(false);
        }

        report.Add(new Measurement("protocol/setup", $"register {everyone.Count:N0} users{(options.BulkExplicit ? string.Empty : " + list")}, until replicated", clock.Elapsed.TotalSeconds, "s",
            Note: $"setup, not a target: AddUser through all three gateways, {RegistrationConcurrency} in flight, PBKDF2 at 1000 iterations"));

        var senders = await Task.WhenAll(senderNames.Select(async (name, i) =>
        {
            var server = cluster.Server(i % cluster.Machines.Count);
            var login = await server.Login(name, Password(name)).ConfigureAwait(false);
            return new Sender(name, login.Token, server, senderNames[(i + 1) % senderNames.Count]);
        })).ConfigureAwait(false);
        var poll = await cluster.Server(0).Login(PollUser, Password(PollUser)).ConfigureAwait(false);
        return new MailAccounts(senders, bulk, poll.Token);
    }

    /// <summary>The password of a benchmark user.</summary>
    public static string Password(string user) => $"{user}-password";
}

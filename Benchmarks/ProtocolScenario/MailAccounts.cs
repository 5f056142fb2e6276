using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>The users the scenario needs, registered by the administrator before anything is measured.</summary>
public sealed class MailAccounts
{
    /// <summary>The user whose poll, list and receive latency is measured.</summary>
    public const string PollUser = "poller";

    /// <summary>The one recipient of the one-session small-letter workload.</summary>
    public const string SingleUser = "single";

    /// <summary>The one recipient of the parallel-session small-letter workload.</summary>
    public const string ParallelUser = "parallel";

    // Registration is admin work on the gateways: keep enough in flight for group commit to batch them, without
    // queueing ten thousand calls at once.
    private const int RegistrationConcurrency = 256;
    private readonly IReadOnlyDictionary<string, string> _tokens;

    private MailAccounts(IReadOnlyList<Sender> senders, IReadOnlyList<string> bulkUsers, IReadOnlyDictionary<string, string> tokens)
    {
        Senders = senders;
        BulkUsers = bulkUsers;
        _tokens = tokens;
    }

    /// <summary>The senders; sender i is connected to machine i mod 3 and writes to sender i+1.</summary>
    public IReadOnlyList<Sender> Senders { get; }

    /// <summary>The users bulk letters and the memory test's letters go to, in list order.</summary>
    public IReadOnlyList<string> BulkUsers { get; }

    /// <summary>The mailing list of the first <paramref name="recipients"/> bulk users.</summary>
    public static string BulkList(int recipients) => $"everyone-{recipients}";

    /// <summary>The login token of <see cref="PollUser"/>, <see cref="SingleUser"/> or <see cref="ParallelUser"/>.</summary>
    public string Token(string user) => _tokens[user];

    /// <summary>Registers the senders, the readers, the bulk users (and a list per bulk size), and logs in.</summary>
    public static async Task<MailAccounts> CreateAsync(LocalMailCluster cluster, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var senderNames = Enumerable.Range(0, options.Senders).Select(i => $"sender{i:D3}").ToList();
        var bulkCount = Math.Max(options.BulkRecipients.DefaultIfEmpty(0).Max(), options.MemoryUsers);
        var bulk = Enumerable.Range(0, bulkCount).Select(i => $"bulk{i:D5}").ToList();
        string[] readers = [PollUser, SingleUser, ParallelUser];
        var everyone = senderNames.Concat(readers).Concat(bulk).ToList();
        var lists = options.BulkExplicit ? [] : options.BulkRecipients.Distinct().ToList();

        var clock = Stopwatch.StartNew();
        await using (var counter = report.Progress.Count("registering users", everyone.Count))
        {
            await Parallel.ForEachAsync(
                everyone.Select((name, index) => (name, index)),
                new ParallelOptions { MaxDegreeOfParallelism = RegistrationConcurrency, CancellationToken = cancellationToken },
                async (user, _) =>
                {
                    await cluster.Server(user.index % cluster.Machines.Count)
                        .AddUser(cluster.AdminToken, user.name, Password(user.name), isAdmin: false).ConfigureAwait(false);
                    counter.Add();
                }).ConfigureAwait(false);
        }

        // AddList checks the members on the machine it is called on: wait until every machine has them all.
        await cluster.QuietAsync().ConfigureAwait(false);
        foreach (var size in lists)
        {
            await cluster.Server(0).AddList(cluster.AdminToken, BulkList(size), bulk.Take(size).ToList()).ConfigureAwait(false);
        }

        await cluster.QuietAsync().ConfigureAwait(false);
        var listNote = lists.Count == 0 ? string.Empty : $" + {lists.Count} list{(lists.Count == 1 ? string.Empty : "s")}";
        report.Add(new Measurement("protocol/setup", $"register {everyone.Count:N0} users{listNote}, until replicated", clock.Elapsed.TotalSeconds, "s",
            Note: $"setup, not a target: AddUser through all three gateways, {RegistrationConcurrency} in flight, PBKDF2 at 1000 iterations"));

        var senders = await Task.WhenAll(senderNames.Select(async (name, i) =>
        {
            var server = cluster.Server(i % cluster.Machines.Count);
            var login = await server.Login(name, Password(name)).ConfigureAwait(false);
            return new Sender(name, login.Token, server, senderNames[(i + 1) % senderNames.Count]);
        })).ConfigureAwait(false);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reader in readers)
        {
            tokens[reader] = (await cluster.Server(0).Login(reader, Password(reader)).ConfigureAwait(false)).Token;
        }

        return new MailAccounts(senders, bulk, tokens);
    }

    /// <summary>The password of a benchmark user.</summary>
    public static string Password(string user) => $"{user}-password";
}

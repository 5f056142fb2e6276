using System.Text.Json.Nodes;
using Maildriver.Tests.Processes;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// Real <c>Maildriver.Silo</c> processes (MD1, MD2 as a test collection's fixture; three or more through
/// <see cref="StartNewAsync"/>) with <c>pop3Port</c>, <c>smtpPort</c> and <c>imapPort</c> in their cluster.json, users
/// registered through the CLI with the password <c>NAME-pw</c>.
/// </summary>
public sealed class MailPortsProcessCluster : IAsyncLifetime, IAsyncDisposable
{
    private readonly Dictionary<string, (int Pop3, int Smtp, int Imap)> _ports = new(StringComparer.Ordinal);
    private readonly int _machines;
    private int _users;

    /// <summary>Two machines: the fixture of <see cref="MailClientsCollection"/> (xunit wants one public constructor).</summary>
    public MailPortsProcessCluster()
        : this(2)
    {
    }

    private MailPortsProcessCluster(int machines) => _machines = machines;

    public SiloProcessCluster Cluster { get; private set; } = null!;

    public CliSessionFactory Cli { get; private set; } = null!;

    public int Pop3Port(string machine) => _ports[machine].Pop3;

    public int SmtpPort(string machine) => _ports[machine].Smtp;

    public int ImapPort(string machine) => _ports[machine].Imap;

    public async Task InitializeAsync()
    {
        Cluster = await SiloProcessCluster.StartNewAsync(_machines, AddMailPorts);
        Cli = new CliSessionFactory(Cluster);
    }

    /// <summary>A cluster of <paramref name="machines"/> of its own, for a test that kills machines; dispose it.</summary>
    public static async Task<MailPortsProcessCluster> StartNewAsync(int machines)
    {
        var cluster = new MailPortsProcessCluster(machines);
        await cluster.InitializeAsync();
        return cluster;
    }

    /// <summary>Registers a user no other test uses, through the CLI, and waits until every machine accepts its login.</summary>
    public async Task<string> NewUserAsync(string prefix)
    {
        var name = $"{prefix}{Interlocked.Increment(ref _users)}";
        Cli.Expect(await Cli.AsAdmin().RunAsync("admin", "add-user", name, "--password", CliSessionFactory.PasswordOf(name)), 0);
        await Cluster.WaitForUserAsync(name, CliSessionFactory.PasswordOf(name));
        return name;
    }

    /// <summary>Every machine's log, for a failure message.</summary>
    public string Logs() => Cluster.LogTails(40);

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    /// <inheritdoc />
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    // Called each time the cluster writes its cluster.json (again after losing a port race): fresh ports each time.
    private void AddMailPorts(JsonObject doc)
    {
        var machines = doc["machines"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var free = LoopbackPorts.Reserve(3 * machines.Count);
        for (var i = 0; i < machines.Count; i++)
        {
            var (pop3, smtp, imap) = (free[3 * i], free[(3 * i) + 1], free[(3 * i) + 2]);
            machines[i]["pop3Port"] = pop3;
            machines[i]["smtpPort"] = smtp;
            machines[i]["imapPort"] = imap;
            _ports[(string)machines[i]["name"]!] = (pop3, smtp, imap);
        }
    }
}

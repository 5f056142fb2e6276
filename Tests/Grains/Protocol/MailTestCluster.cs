using System.Text.Json.Nodes;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;
using Maildriver.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Tests.Grains.Protocol;

/// <summary>A <see cref="MachineCluster"/> of Maildriver machines, with helpers to log in, add users and wait for quiet.</summary>
public sealed class MailTestCluster : IAsyncDisposable
{
    public const string AdminPassword = "admin-secret-pw";

    private readonly string? _databasePrefix;

    private MailTestCluster(MachineCluster cluster, string? databasePrefix)
    {
        Cluster = cluster;
        _databasePrefix = databasePrefix;
    }

    public MachineCluster Cluster { get; }

    public static async Task<MailTestCluster> StartAsync(
        int machines = 3,
        Action<JsonObject>? protocol = null,
        Action<MachineSiloSetup>? configure = null,
        Action<JsonObject>? clusterJson = null,
        TimeProvider? time = null)
    {
        var (storage, prefix) = TestStorage.ForNewCluster();
        var cluster = await MachineCluster.StartAsync(new MachineClusterOptions
        {
            SiloCount = machines,
            Storage = storage,
            TimeProvider = time ?? TimeProvider.System,
            // The Master creates the first admin with it, as a real machine's does from MAILDRIVER_ADMIN_PASSWORD.
            AdminPassword = AdminPassword,
            ConfigureClusterJson = doc =>
            {
                doc["initialMaster"] = "MD1";
                doc["initialLieutenant"] = "MD2";
                // Cheap password hashes keep tests that register a thousand users quick; production uses the default.
                var p = new JsonObject { ["receiveWaitMs"] = 10_000, ["passwordIterations"] = 1000 };
                protocol?.Invoke(p);
                doc["protocol"] = p;
                clusterJson?.Invoke(doc);
            },
            ConfigureSilo = configure,
        });
        var mail = new MailTestCluster(cluster, prefix);
        try
        {
            foreach (var machine in cluster.SiloNames)
            {
                await mail.WaitForReadyAsync(machine);
            }

            await mail.AdminTokenAsync("MD1");
        }
        catch
        {
            await mail.DisposeAsync();
            throw;
        }

        return mail;
    }

    /// <summary>
    /// <paramref name="machine"/>'s front door, as a client of that machine's gateway reaches it: called from that
    /// silo, where the stateless worker runs. Taken afresh each time: a restarted machine is a new silo.
    /// </summary>
    public IMailServer Server(string machine) => Cluster.GetSilo(machine).GrainFactory.GetGrain<IMailServer>("gateway");

    public MailStore Store(string machine) => Cluster.GetSilo(machine).Services.GetRequiredService<MailStore>();

    /// <summary>Logs in as admin on <paramref name="machine"/>, waiting for the bootstrap admin to reach it.</summary>
    public Task<string> AdminTokenAsync(string machine = "MD1") => MailClusterWaits.AdminTokenAsync(Server(machine), AdminPassword);

    /// <summary>Adds users through <paramref name="via"/> and waits until every machine has them.</summary>
    public async Task AddUsersAsync(params string[] names)
    {
        var admin = await AdminTokenAsync();
        await Task.WhenAll(names.Select(name => Server("MD1").AddUser(admin, name, $"{name}-pw", isAdmin: false)));

        await QuietAsync();
    }

    public async Task<string> LoginAsync(string user, string machine) => (await Server(machine).Login(user, $"{user}-pw")).Token;

    /// <summary>
    /// Waits (bounded) until the live machines have nothing pending, then compares every machine's replica. A machine
    /// that is down is not waited for: it comes back in <see cref="VerifyReport.Unchecked"/>, and the report is then
    /// not consistent.
    /// </summary>
    public async Task<VerifyReport> QuietAsync(string via = "MD1") => await Server(via).Verify(await AdminTokenAsync(via));

    /// <summary>Waits for quiet and asserts every machine was compared and all agree, naming what differs when not.</summary>
    public async Task<VerifyReport> AssertConsistentAsync(string via = "MD1")
    {
        var report = await QuietAsync(via);
        Assert.True(report.Consistent, "not consistent: " + Describe(report));
        return report;
    }

    /// <summary>
    /// Waits for quiet with <paramref name="down"/> dead, and asserts the report names exactly them as not compared
    /// (down), is therefore not consistent, and that every other machine was compared and agrees.
    /// </summary>
    public async Task<VerifyReport> AssertLiveReplicasAgreeAsync(string via, params string[] down)
    {
        var report = await QuietAsync(via);
        var because = Describe(report);
        Assert.False(report.Consistent, "a comparison that left machines out is consistent: " + because);
        Assert.Equal(down.Order(StringComparer.Ordinal).Select(m => new UncheckedMachine(m, "down")), report.Unchecked.OrderBy(u => u.Name, StringComparer.Ordinal));
        Assert.Equal(Cluster.SiloNames.Except(down).Order(StringComparer.Ordinal), report.Machines.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.True(report.Machines.Select(m => m.Digest).Distinct().Count() == 1, "the live replicas differ: " + because);
        return report;
    }

    /// <summary>A verify report in one line, for failure messages.</summary>
    public static string Describe(VerifyReport report)
        => string.Join("; ", report.Machines.Select(m => $"{m.Name} letters={m.Letters} inbox={m.InboxEntries} digest={m.Digest[..12]}")
            .Concat(report.Unchecked.Select(u => $"{u.Name} not compared ({u.Reason})")));

    /// <summary>Waits (bounded) until <paramref name="machine"/> serves clients: a new or wiped machine first copies the Master's.</summary>
    public Task WaitForReadyAsync(string machine) => MailClusterWaits.UntilServingAsync(Cluster, machine);

    /// <summary>
    /// The machine's disk is lost: kills it (if running) and deletes its data directory, and on PostgreSQL its
    /// database too. Start it again with <c>Cluster.StartSiloAsync</c>.
    /// </summary>
    public async Task WipeAsync(string machine)
    {
        await Cluster.KillSiloAsync(machine);

        var dataDir = Cluster.Config.GetMachine(machine).DataDir;
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }

        if (_databasePrefix is not null)
        {
            await TestStorage.DropAsync(_databasePrefix, [machine]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (_databasePrefix is not null)
        {
            await TestStorage.DropAsync(_databasePrefix, Cluster.SiloNames);
        }
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Maildriver.Clustering;
using Maildriver.Tests.Support;
using Xunit.Abstractions;

namespace Maildriver.Tests.Processes.Membership;

/// <summary>
/// kill -9 of every machine at once (a power cut), then MD1 started alone, then the others: they serve again, the mail
/// acknowledged before the crash is there, and the membership table, SQLite (the default) or PostgreSQL, shows the
/// crashed incarnations Dead and the new ones Active. Stale rows must not hold the first machine back: it takes a login
/// before they could have gone stale on their own.
/// </summary>
/// <remarks>
/// How fast the whole cluster serves again depends on how busy the machine is (three silos starting on two cores); the
/// test prints the times and bounds only what tells a working sweep from a missing one. A missing sweep makes the first
/// machine wait until the crashed rows are stale, 15 s after the crash, however quiet the machine.
/// </remarks>
[Collection(ProcessTestCollection.Name)]
public sealed class WholeClusterRestartTests(ITestOutputHelper output)
{
    /// <summary>How long the crashed rows stay fresh: IAmAliveTablePublishTimeout (5 s) × NumMissedTableIAmAliveLimit (3).</summary>
    private static readonly TimeSpan StalePeriod = TimeSpan.FromSeconds(15);

    [Fact]
    public Task OnSqliteMembershipAWholeClusterKillNineAndRestartServesAgainWithoutWaitingForStaleRows()
        => RestartAfterPowerCutAsync(configure: null, cluster => SqliteRowsAsync(cluster));

    [PostgresFact]
    public async Task OnPostgresMembershipAWholeClusterKillNineAndRestartServesAgainWithoutWaitingForStaleRows()
    {
        await using var database = await ScratchPostgresDatabase.CreateAsync();
        await RestartAfterPowerCutAsync(
            config => config["membership"] = new JsonObject { ["provider"] = "postgres", ["connectionString"] = database.ConnectionString },
            async _ => (await database.RowsAsync("SELECT SiloName, Status FROM OrleansMembershipTable WHERE DeploymentId = 'maildriver'"))
                .Select(r => (r.Split('|')[0], (SiloStatus)int.Parse(r.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture)))
                .ToList());
    }

    private async Task RestartAfterPowerCutAsync(Action<JsonObject>? configure, Func<SiloProcessCluster, Task<List<(string Silo, SiloStatus Status)>>> rows)
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3, configure);
        var cli = new CliSessionFactory(cluster);
        await cli.AddUsersAsync("bob");
        var before = (string)cli.Json(await cli.AsAdmin().RunWithInputAsync("before the power cut", "send", "--to", "bob", "--subject", "Before"))["id"]!;
        Assert.Equal(["MD1", "MD2", "MD3"], (await rows(cluster)).Where(r => r.Status == SiloStatus.Active).Select(r => r.Silo).Order());

        var sinceCrash = Stopwatch.StartNew();
        await cluster.KillAllAsync();
        Assert.All(cluster.Machines, m => Assert.False(cluster.IsRunning(m)));

        // The first machine comes back alone, as after a power cut hosts do one by one: the others' rows still say
        // Active, and they must not make it wait (Orleans would until they are stale, 15 s after the crash).
        var restart = Stopwatch.StartNew();
        await cluster.StartAsync(["MD1"]);
        var firstAt = restart.Elapsed;
        Assert.True(
            sinceCrash.Elapsed < StalePeriod,
            $"MD1 alone took a login {sinceCrash.Elapsed.TotalSeconds:0.0} s after the crash: as late as if it had waited for the crashed rows to go stale\n{cluster.LogTails()}");
        await cluster.StartAsync(["MD2", "MD3"]);
        var loginsAt = restart.Elapsed;
        var after = cli.Json(await cli.AsAdmin().RunWithInputAsync("after the power cut", "send", "--to", "bob", "--subject", "After"));
        var servingAt = restart.Elapsed;
        output.WriteLine(
            $"whole-cluster restart: MD1 alone took the admin's login after {firstAt.TotalSeconds:0.00} s, MD2 and MD3 (started then) after "
            + $"{loginsAt.TotalSeconds:0.00} s, a send was acknowledged after {servingAt.TotalSeconds:0.00} s");

        var letters = (await cli.As("bob").JsonAsync("receive")).AsArray().Select(l => (string)l!["id"]!).ToList();
        Assert.Equal([before, (string)after["id"]!], letters);

        // Each new incarnation declares its crashed predecessor's row dead, but not necessarily before it serves: a
        // send through MD1 can be acknowledged before MD3 has written its predecessor's row (seen under load).
        var table = await rows(cluster);
        try
        {
            await WaitFor.ConditionAsync(
                async () => Rows(table = await rows(cluster), SiloStatus.Active) == "MD1 MD2 MD3" && Rows(table, SiloStatus.Dead) == "MD1 MD2 MD3",
                TimeSpan.FromSeconds(30),
                "one Active row per machine, and the crashed incarnations' rows Dead");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; the table: {string.Join(", ", table)}", ex);
        }

        static string Rows(List<(string Silo, SiloStatus Status)> table, SiloStatus status)
            => string.Join(' ', table.Where(r => r.Status == status).Select(r => r.Silo).Order(StringComparer.Ordinal));
    }

    private static async Task<List<(string Silo, SiloStatus Status)>> SqliteRowsAsync(SiloProcessCluster cluster)
    {
        var table = SqliteMembershipTable.Open(Path.Combine(cluster.Folder, "membership.db"), "maildriver");
        var data = await table.ReadAllAsync();
        return [.. data.Members.Select(m => (m.Item1.SiloName, m.Item1.Status))];
    }
}

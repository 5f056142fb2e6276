using System.Globalization;
using System.Text;
using Maildriver.Grains.Master;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;
using Maildriver.Grains.Protocol;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// "Surviving crashes … proven by kill -9": three real silo processes under steady mail and admin traffic while a
/// seeded schedule kills -9 one machine at a time (the Master and the Lieutenant included) and restarts it.
/// Afterwards, on a quiet cluster, every machine must hold exactly what the clients were promised: every
/// acknowledged letter once in each recipient's mailbox, unless its delete was acknowledged; no acknowledged
/// delete undone; no letter nobody sent; every acknowledged read (and every read flag a client saw set) set, and
/// no read flag back to unread; every acknowledged added user able to log in and list present, unless its delete
/// was acknowledged, and every acknowledged deleted one gone; and Verify (whose digest covers letters, inboxes with
/// read flags, users and lists with members) must find the three replicas identical. Replay a failure with the
/// seed in its message: <c>deploy/torture.sh --seed S</c>.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class TortureTests(ITestOutputHelper output)
{
    private static readonly string[] Users = ["ann", "bob", "cat", "dan", "eve", "fay"];

    /// <summary>After the chaos: how long retries of unacknowledged requests go on, with every machine up.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

    /// <summary>How long a cluster with every machine up may take to finish all its work.</summary>
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AcknowledgedMailSurvivesKillNineOfAnyMachineOneAtATime()
    {
        var settings = TortureSettings.FromEnvironment();
        output.WriteLine($"torture: {settings}");
        await using var cluster = await StartClusterAsync(settings);
        var log = new TortureLog(output, Path.Combine(cluster.Folder, "torture.log"));
        log.Write($"torture: {settings}; cluster folder {cluster.Folder}; gateways {cluster.Gateways}");
        var ledger = new TortureLedger();
        var tokens = await RegisterUsersAsync(cluster, settings, log);
        await using var health = new ClusterHealth(cluster, tokens["admin"]);
        await using var timelineHealth = new ClusterHealth(cluster, tokens["admin"]);
        var userTokens = tokens.Where(t => t.Key != "admin").ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

        using var stop = new CancellationTokenSource();
        using var giveUp = new CancellationTokenSource();
        using var stopWatching = new CancellationTokenSource();
        var timeline = Task.Run(() => new StatusTimeline(timelineHealth, log).RunAsync(stopWatching.Token));
        IReadOnlyList<Task> workload = [];
        try
        {
            workload = new TortureWorkload(cluster, userTokens, tokens["admin"], ledger, log, settings.Seed).Start(stop.Token, giveUp.Token);
            var chaos = new ChaosSchedule(cluster, health, log, ledger, settings.Seed);
            await chaos.RunAsync(settings.Duration);

            log.Write($"chaos over after {chaos.KillSummary}; no new requests; unacknowledged ones are retried for up to {Drain.TotalSeconds:0} s");
            stop.Cancel();
            giveUp.CancelAfter(Drain);
            await Task.WhenAll(workload);
            ledger.Close();
            log.Write("workload stopped: " + ledger.Summary());

            var quiet = await health.WaitUntilAsync(s => IsQuiet(s, cluster.Machines), QuietTimeout, "quiet: every machine up and nothing pending anywhere");
            log.Write("quiet: " + ClusterHealth.Format(quiet));
            var report = await health.VerifyAsync();
            var notCompared = string.Concat(report.Unchecked.Select(u => $"; {u.Name} not compared ({u.Reason})"));
            log.Write($"verify: consistent={report.Consistent}; " + string.Join("; ", report.Machines.Select(m => $"{m.Name} {m.Letters} letters, {m.InboxEntries} inbox rows, digest {m.Digest}")) + notCompared);

            var violations = new List<string>(ledger.Violations);
            if (!report.Consistent || report.Machines.Count != cluster.Machines.Count)
            {
                violations.Add($"Verify on a quiet cluster: consistent={report.Consistent} with {report.Machines.Count} machines: "
                               + string.Join("; ", report.Machines.Select(m => $"{m.Name}: {m.Letters} letters, {m.InboxEntries} inbox rows, digest {m.Digest}")) + notCompared);
            }

            // Users first: the added users that are everywhere have their mailboxes audited with the fixed users'.
            var directoryAudit = new DirectoryAudit(cluster, tokens["admin"], ledger);
            violations.AddRange(await directoryAudit.RunAsync());
            var audit = new ReplicaAudit(cluster, userTokens.Concat(directoryAudit.PresentUserTokens).ToDictionary(StringComparer.Ordinal), ledger);
            violations.AddRange(await audit.RunAsync());
            log.Write($"audit: mailboxes: {audit.Summary}; users and lists: {directoryAudit.Summary}; {violations.Count} violation(s)");
            if (violations.Count > 0)
            {
                foreach (var violation in violations)
                {
                    log.Write("VIOLATION: " + violation);
                }

                var listed = string.Join("\n- ", violations.Take(40)) + (violations.Count > 40 ? $"\n- … and {violations.Count - 40} more" : "");
                throw new XunitException(Report(settings, cluster, health, ledger, $"{violations.Count} violation(s) of the must-keep properties:\n- {listed}", violations));
            }

            log.Write($"passed: {chaos.KillSummary}, {ledger.Summary()}");
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            var what = ex is TortureFailure ? ex.Message : $"the run broke off: {ex}";
            if (ledger.Violations.Count > 0)
            {
                what += "\nalso seen during the run:\n- " + string.Join("\n- ", ledger.Violations.Take(20));
            }

            log.Write("FAILED: " + what.Split('\n')[0]);
            await health.TryStatusAsync();
            throw new XunitException(Report(settings, cluster, health, ledger, what, [.. ledger.Violations, what]));
        }
        finally
        {
            stop.Cancel();
            giveUp.Cancel();
            stopWatching.Cancel();
            await Task.WhenAll(workload.Append(timeline).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            log.Close();
        }
    }

    private static bool IsQuiet(MasterStatus s, IReadOnlyList<string> machines)
        => ClusterHealth.AllUp(s, machines)
           && s.Machines.All(m => m.CatchupPending == 0)
           && s is { LiveWork: 0, PendingSends: 0, PendingDeletes: 0, DeleteQueue: 0, DoYouHaveIt.Count: 0 };

    // A cluster that cannot start disposes of itself; the seed still belongs in the message.
    private static async Task<SiloProcessCluster> StartClusterAsync(TortureSettings settings)
    {
        try
        {
            return await SiloProcessCluster.StartNewAsync(3);
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            throw new XunitException($"TORTURE SETUP FAILED with {settings}: the three silos did not start: {ex}");
        }
    }

    // The admin adds the users through the client API; every machine must know them (they can log in everywhere)
    // before any mail is sent, or a send through a lagging machine would be refused for an unknown recipient.
    private static async Task<Dictionary<string, string>> RegisterUsersAsync(SiloProcessCluster cluster, TortureSettings settings, TortureLog log)
    {
        try
        {
            await using var client = TortureClients.Rotated(cluster, 0);
            var server = client.Server;
            var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["admin"] = (await server.Login("admin", SiloProcessCluster.AdminPassword)).Token,
            };
            foreach (var user in Users)
            {
                await server.AddUser(tokens["admin"], user, PasswordOf(user), isAdmin: false);
            }

            foreach (var user in Users)
            {
                await cluster.WaitForUserAsync(user, PasswordOf(user), TimeSpan.FromSeconds(30));
                tokens[user] = (await server.Login(user, PasswordOf(user))).Token;
            }

            log.Write($"registered {string.Join(", ", Users)}; every machine accepts their logins");
            return tokens;
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            throw new XunitException($"TORTURE SETUP FAILED with {settings}: registering the users: {ex}\n{cluster.LogTails(20)}");
        }
    }

    private static string PasswordOf(string user) => user + "-torture-pw";

    // Everything the integrator needs to replay and diagnose: seed, what the clients were told, the Master's view, the silo logs.
    private static string Report(TortureSettings settings, SiloProcessCluster cluster, ClusterHealth health, TortureLedger ledger, string what, IReadOnlyList<string> findings)
    {
        var kept = Environment.GetEnvironmentVariable("MAILDRIVER_KEEP_TEST_FOLDERS") == "1";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"TORTURE FAILED with {settings}");
        text.AppendLine(what);
        text.AppendLine(CultureInfo.InvariantCulture, $"[seed {settings.Seed}] ledger: {ledger.Summary()}");
        text.AppendLine(health.Describe());
        text.AppendLine(CultureInfo.InvariantCulture, $"cluster folder (torture.log, MDn.log, data/): {cluster.Folder}{(kept ? " (kept)" : " — deleted; set MAILDRIVER_KEEP_TEST_FOLDERS=1 to keep it")}");
        text.AppendLine(SiloLogEvidence.For(cluster, findings));
        text.AppendLine("----- raw log tails (the harness's) -----");
        text.AppendLine(cluster.LogTails(8));
        text.Append(CultureInfo.InvariantCulture, $"[seed {settings.Seed}] replay: {settings.ReplayCommand}");
        return text.ToString();
    }
}

using System.Diagnostics;
using System.Globalization;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The seeded crash schedule: pick a rank (Master, Lieutenant or the third machine), look up from Status who holds
/// it, kill -9 that process, leave it down 1-4 s, start it again on its data directory, and wait until the Master
/// reports it back up and caught up before the next kill, so never more than one machine is down. Every random
/// number of a round is drawn before the round starts, so a seed gives the same schedule however the timing goes.
/// </summary>
public sealed class ChaosSchedule(SiloProcessCluster cluster, ClusterHealth health, TortureLog log, TortureLedger ledger, int seed)
{
    /// <summary>How long a restarted machine may take to be reported up and caught up (startup itself is ~2-5 s here).</summary>
    public static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    private readonly Random _random = new(seed);
    private readonly int[] _killsByRank = new int[Enum.GetValues<Rank>().Length];

    private enum Rank
    {
        Master,
        Lieutenant,
        Ordinary,
    }

    public int Kills { get; private set; }

    /// <summary>The kills so far by the victim's rank when it was killed, e.g. "12 kills (4 Master, 5 Lieutenant, 3 ordinary)".</summary>
    public string KillSummary
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{Kills} kills ({_killsByRank[(int)Rank.Master]} Master, {_killsByRank[(int)Rank.Lieutenant]} Lieutenant, {_killsByRank[(int)Rank.Ordinary]} ordinary)");

    /// <summary>Kills until <paramref name="duration"/> has passed; returns with every machine up and caught up.</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var machines = cluster.Machines;
        while (clock.Elapsed < duration)
        {
            var rank = (Rank)_random.Next(3);
            var downFor = TimeSpan.FromMilliseconds(_random.Next(1000, 4001));
            var pause = TimeSpan.FromMilliseconds(_random.Next(500, 2501));

            // Before every kill: all machines up. A live machine the Caretaker wrongly declared dead (a starved
            // pulse) must be back first, or this kill would make two machines down.
            var before = await health.WaitUntilAsync(s => ClusterHealth.AllUp(s, machines), RecoveryTimeout, $"every machine up before kill #{Kills + 1}");
            var victim = rank switch
            {
                Rank.Master => before.Master,
                Rank.Lieutenant => before.Lieutenant!,
                _ => machines.First(m => m != before.Master && m != before.Lieutenant),
            };

            Kills++;
            _killsByRank[(int)rank]++;
            ledger.Count("kill." + rank);
            var round = string.Create(CultureInfo.InvariantCulture, $"kill #{Kills}");
            log.Write(string.Create(CultureInfo.InvariantCulture, $"{round}: kill -9 {victim} ({rank}, pid {cluster.Pid(victim)}), down for {downFor.TotalSeconds:0.0} s; before: {ClusterHealth.Format(before)}"));
            var killedAt = Stopwatch.StartNew();
            await cluster.KillAsync(victim);
            await Task.Delay(downFor);

            try
            {
                await cluster.StartAsync(victim);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                throw new TortureFailure($"{round}: {victim} ({rank}) did not come back after its restart: {ex.Message}");
            }

            log.Write(string.Create(CultureInfo.InvariantCulture, $"{round}: {victim} restarted as pid {cluster.Pid(victim)}; its gateway takes logins {killedAt.Elapsed.TotalSeconds:0.0} s after the kill"));
            var after = await health.WaitUntilAsync(
                s => ClusterHealth.AllUp(s, machines) && s.Machines.Single(m => m.Name == victim).CatchupPending == 0,
                RecoveryTimeout,
                $"{victim} back up and caught up after {round} ({rank})");
            log.Write(string.Create(CultureInfo.InvariantCulture, $"{round}: {victim} up and caught up {killedAt.Elapsed.TotalSeconds:0.0} s after the kill: {ClusterHealth.Format(after)}"));

            // The schedule's breathing space between rounds, not a wait for anything.
            await Task.Delay(pause);
        }
    }
}

using System.Diagnostics;
using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Tests.FaultNet;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Clustering.Tests.Toys;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// A machine dies: calls to its grains fail as unreachable, then, once Orleans has declared it dead, with
/// <see cref="MachineUnavailableException"/> naming it, and its grains are never activated elsewhere. Both deaths an
/// in-process cluster can give: InProcessTestCluster's kill, which the silo announces in the membership table as it
/// stops, and a crash (<see cref="Crashes"/>), which the others must detect by probing. A cluster per test, since each
/// kills a silo. Times are reported, not asserted: they depend on the machine's load.
/// </summary>
public sealed class MachineDownTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FaultNetwork _net = new();
    private readonly Crashes _crashes = new();
    private InProcessTestCluster? _cluster;

    private InProcessTestCluster Cluster => _cluster!;

    public Task InitializeAsync()
    {
        _cluster = ToyClusterBuilder.Build(_net, _crashes);
        return ToyClusterBuilder.DeployAsync(_cluster);
    }

    public Task DisposeAsync()
    {
        _net.Heal();
        _crashes.ThawAll();
        return ToyClusterBuilder.StopAsync(Cluster);
    }

    [Fact]
    public async Task After_a_kill_that_the_silo_announces_calls_end_in_MachineUnavailableException_and_nothing_moves()
    {
        // InProcessTestCluster's kill: the silo still writes its own death (its own vote) into the table as it stops.
        var (md2, survivors) = Victim();
        await KillAndObserveAsync(crash: false);

        var row = await DeadRow(md2, survivors);
        Assert.Contains(row.SuspectTimes ?? [], vote => md2.SiloAddress.Equals(vote.Item1));
    }

    [Fact]
    public async Task After_a_crash_the_others_find_the_death_by_probing_and_calls_end_in_MachineUnavailableException()
    {
        // Like kill -9: the silo tells no one, so MD1 and MD3 must notice by their probes and vote.
        var (md2, survivors) = Victim();
        await KillAndObserveAsync(crash: true);

        var row = await DeadRow(md2, survivors);
        Assert.Contains(row.SuspectTimes ?? [], vote => survivors.Any(s => s.SiloAddress.Equals(vote.Item1)));
    }

    [Fact]
    public async Task A_call_held_to_a_machine_that_dies_meanwhile_fails_as_unreachable_at_the_heal()
    {
        var where = Silo("MD1").GetGrain<IWhereGrain>("MD2/held");
        Assert.Equal("MD2", await where.SiloName());
        _net.HoldWhere(c => c.Between("MD1", "MD2"));
        var held = where.Echo("too late");
        await _net.NextHeldAsync(Bound);
        var (md2, survivors) = Victim();

        await Cluster.KillSiloAsync(md2);
        await Eventually.Until(() => DeclaredDead(survivors, md2), Bound, "MD1 and MD3 to declare MD2 dead");
        _net.Heal();

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => held.WaitAsync(Bound));
        Assert.Contains("held until one end died", failure.Message);
    }

    private async Task KillAndObserveAsync(bool crash)
    {
        var md1 = Silo("MD1");
        var pinned = md1.GetGrain<IWhereGrain>("MD2/pinned");
        var door = Cluster.Client.GetGrain<IToyFrontDoor>("MD2/door");
        Assert.Equal("MD2", await pinned.SiloName());
        Assert.Equal("MD2", await door.SiloName());
        var (md2, survivors) = Victim();

        // After an announced kill nothing answers; a crashed silo is still there but answers nothing either.
        var sinceKill = Stopwatch.StartNew();
        if (crash)
        {
            _crashes.Crash("MD2");
        }
        else
        {
            await Cluster.KillSiloAsync(md2);
        }

        var stopped = sinceKill.Elapsed;
        var declaredDead = Eventually.Until(() => DeclaredDead(survivors, md2), Bound, "MD1 and MD3 to declare MD2 dead");
        var fromSilo = UntilMachineUnavailable(() => pinned.SiloName(), sinceKill);
        var fromClient = UntilMachineUnavailable(() => door.SiloName(), sinceKill);
        await Task.WhenAll(declaredDead, fromSilo, fromClient);

        output.WriteLine($"{(crash ? "crash" : "announced kill (KillSiloAsync took " + Ms(stopped) + ")")}: "
            + $"MD1 and MD3 saw MD2 dead after {Ms(stopped + await declaredDead)}");
        foreach (var (who, probe) in new[] { ("MD1's silo code", await fromSilo), ("the client", await fromClient) })
        {
            output.WriteLine($"  {who}: MachineUnavailableException after {Ms(probe.At)}; before it: "
                + (probe.Before.Count == 0 ? "nothing" : string.Join("; ", probe.Before)));
            Assert.Equal("MD2", probe.Failure.Machine);
            Assert.StartsWith("MD2 is not running: ", probe.Failure.Message);
        }

        // A grain of MD2 that never ran fails the same way, at once.
        var fresh = await Assert.ThrowsAsync<MachineUnavailableException>(() => md1.GetGrain<IWhereGrain>("MD2/fresh").SiloName());
        Assert.Equal("MD2", fresh.Machine);

        await AssertActivatedNowhere(survivors, pinned.GetGrainId(), door.GetGrainId(), fresh: GrainId.Create("x", "MD2/fresh"));
    }

    private async Task AssertActivatedNowhere(IReadOnlyList<InProcessSiloHandle> survivors, GrainId pinned, GrainId door, GrainId fresh)
    {
        // The query must see activations at all for its silence to mean anything: one of MD3's, made just now.
        var witness = Silo("MD3").GetGrain<IWhereGrain>($"MD3/{Guid.NewGuid():N}");
        Assert.Equal("MD3", await witness.SiloName());

        var management = Silo("MD1").GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics(hostsIds: [.. survivors.Select(s => s.SiloAddress)]);
        Assert.Contains(activations, a => a.GrainId == witness.GetGrainId());
        Assert.DoesNotContain(activations, a => a.GrainId == pinned || a.GrainId == door || a.GrainId.Key.ToString() == fresh.Key.ToString());
    }

    private (InProcessSiloHandle Victim, List<InProcessSiloHandle> Survivors) Victim()
    {
        var md2 = Cluster.Silos.Single(s => s.Name == "MD2");
        return (md2, Cluster.Silos.Where(s => s != md2).ToList());
    }

    private IGrainFactory Silo(string machine)
        => Cluster.Silos.Single(s => s.Name == machine).ServiceProvider.GetRequiredService<IGrainFactory>();

    private static bool DeclaredDead(IEnumerable<InProcessSiloHandle> survivors, InProcessSiloHandle victim)
        => survivors.All(s => s.ServiceProvider.GetRequiredService<IClusterMembershipService>().CurrentSnapshot
            .GetSiloStatus(victim.SiloAddress) == SiloStatus.Dead);

    /// <summary>The victim's membership row as a survivor reads it: Dead; who voted is reported.</summary>
    private async Task<MembershipEntry> DeadRow(InProcessSiloHandle victim, List<InProcessSiloHandle> survivors)
    {
        var table = survivors[0].ServiceProvider.GetRequiredService<IMembershipTable>();
        var row = (await table.ReadRowAsync(victim.SiloAddress)).Members.Single().Item1;
        Assert.Equal(SiloStatus.Dead, row.Status);
        var everyone = survivors.Append(victim).ToList();
        var voters = (row.SuspectTimes ?? []).Select(v => everyone.FirstOrDefault(s => s.SiloAddress.Equals(v.Item1))?.Name ?? $"{v.Item1}");
        output.WriteLine($"  {victim.Name}'s row: {row.Status}, votes from {string.Join(", ", voters)}");
        return row;
    }

    /// <summary>
    /// Calls until the call fails with <see cref="MachineUnavailableException"/>; every failure before it must be one
    /// that <see cref="Unreachable.Is"/> counts, and no call may succeed (there is nowhere it could run).
    /// </summary>
    private static async Task<Probe> UntilMachineUnavailable(Func<Task<string>> call, Stopwatch sinceKill)
    {
        var before = new List<string>();
        while (sinceKill.Elapsed < Bound)
        {
            var started = sinceKill.Elapsed;
            try
            {
                Assert.Fail($"a call after the kill answered from {await call()}");
            }
            catch (MachineUnavailableException e)
            {
                return new Probe(sinceKill.Elapsed, e, before);
            }
            catch (Exception e) when (Unreachable.Is(e))
            {
                before.Add($"{e.GetType().Name} {Ms(started)}-{Ms(sinceKill.Elapsed)}");
            }

            // Polling the cluster's own progress towards the death; each failed call is one observation.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"no MachineUnavailableException within {Bound}; saw {string.Join("; ", before)}");
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";

    private sealed record Probe(TimeSpan At, MachineUnavailableException Failure, IReadOnlyList<string> Before);
}

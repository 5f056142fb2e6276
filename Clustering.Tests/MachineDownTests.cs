using System.Diagnostics;
using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Clustering.Tests.Toys;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// A machine dies: calls to its grains fail as unreachable, then, once Orleans has declared it dead, with
/// <see cref="MachineUnavailableException"/> naming it, and its grains are never activated elsewhere. A cluster of its
/// own, since it kills a silo. The times are reported, not asserted: they depend on the machine's load.
/// </summary>
public sealed class MachineDownTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly InProcessTestCluster _cluster = ToyClusterBuilder.Build();

    public Task InitializeAsync() => ToyClusterBuilder.DeployAsync(_cluster);

    public Task DisposeAsync() => ToyClusterBuilder.StopAsync(_cluster);

    [Fact]
    public async Task Calls_to_a_killed_machine_end_in_MachineUnavailableException_and_its_grains_move_nowhere()
    {
        var md1 = Silo("MD1");
        var pinned = md1.GetGrain<IWhereGrain>("MD2/pinned");
        var door = _cluster.Client.GetGrain<IToyFrontDoor>("MD2/door");
        Assert.Equal("MD2", await pinned.SiloName());
        Assert.Equal("MD2", await door.SiloName());
        var md2 = _cluster.Silos.Single(s => s.Name == "MD2");
        var survivors = _cluster.Silos.Where(s => s != md2).ToList();

        var sinceKill = Stopwatch.StartNew();
        await _cluster.KillSiloAsync(md2);
        var killed = sinceKill.Elapsed;
        var declaredDead = Eventually.Until(
            () => survivors.All(s => Membership(s).CurrentSnapshot.GetSiloStatus(md2.SiloAddress) == SiloStatus.Dead),
            Bound,
            "MD1 and MD3 to declare MD2 dead");
        var fromSilo = UntilMachineUnavailable(() => pinned.SiloName(), sinceKill);
        var fromClient = UntilMachineUnavailable(() => door.SiloName(), sinceKill);
        await Task.WhenAll(declaredDead, fromSilo, fromClient);

        output.WriteLine($"kill took {Ms(killed)}; MD2 declared dead by MD1 and MD3 {Ms(killed + await declaredDead)} after the kill began");
        foreach (var (who, probe) in new[] { ("MD1's silo code", await fromSilo), ("the client", await fromClient) })
        {
            output.WriteLine($"{who}: MachineUnavailableException {Ms(probe.At)} after the kill; before it: "
                + (probe.Before.Count == 0 ? "nothing" : string.Join("; ", probe.Before)));
            Assert.Equal("MD2", probe.Failure.Machine);
            Assert.StartsWith("MD2 is not running: ", probe.Failure.Message);
        }

        // A grain of MD2 that never ran fails the same way, at once.
        var fresh = await Assert.ThrowsAsync<MachineUnavailableException>(() => md1.GetGrain<IWhereGrain>("MD2/fresh").SiloName());
        Assert.Equal("MD2", fresh.Machine);

        await AssertActivatedNowhere(survivors, pinned.GetGrainId(), door.GetGrainId());
    }

    private async Task AssertActivatedNowhere(IReadOnlyList<InProcessSiloHandle> survivors, params GrainId[] grains)
    {
        // The query must see activations at all for its silence to mean anything: one of MD3's, made just now.
        var witness = Silo("MD3").GetGrain<IWhereGrain>($"MD3/{Guid.NewGuid():N}");
        Assert.Equal("MD3", await witness.SiloName());

        var management = Silo("MD1").GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics(hostsIds: [.. survivors.Select(s => s.SiloAddress)]);
        Assert.Contains(activations, a => a.GrainId == witness.GetGrainId());
        foreach (var grain in grains)
        {
            Assert.DoesNotContain(activations, a => a.GrainId == grain);
        }
    }

    private IGrainFactory Silo(string machine)
        => _cluster.Silos.Single(s => s.Name == machine).ServiceProvider.GetRequiredService<IGrainFactory>();

    private static IClusterMembershipService Membership(InProcessSiloHandle silo)
        => silo.ServiceProvider.GetRequiredService<IClusterMembershipService>();

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
                before.Add($"{e.GetType().Name} at {Ms(started)}-{Ms(sinceKill.Elapsed)}");
            }

            // Polling the cluster's own progress towards the death; each failed call is one observation.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"no MachineUnavailableException within {Bound}; saw {string.Join("; ", before)}");
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";

    private sealed record Probe(TimeSpan At, MachineUnavailableException Failure, IReadOnlyList<string> Before);
}

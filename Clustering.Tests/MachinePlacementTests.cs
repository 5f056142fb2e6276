using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Clustering.Tests.Toys;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// <see cref="MachinePlacement"/> on a running cluster: a grain lives on the machine its key names whoever calls it,
/// with InProcessTestCluster's AssumeHomogenousSilosForTesting left on (it skips placement filters, not directors).
/// </summary>
[Collection(ToyClusterCollection.Name)]
public sealed class MachinePlacementTests(ToyCluster toys)
{
    private static readonly string[] Machines = ["MD1", "MD2", "MD3"];

    [Fact]
    public void The_silos_are_named_MD1_to_MD3_and_membership_knows_them_by_those_names()
    {
        foreach (var machine in Machines)
        {
            Assert.Equal(machine, toys.Services(machine).GetRequiredService<ILocalSiloDetails>().Name);
        }

        var members = toys.Services("MD1").GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values;
        Assert.Equal(Machines, members.Where(m => m.Status == SiloStatus.Active).Select(m => m.Name).Order());
    }

    [Fact]
    public async Task A_grain_keyed_by_a_machine_runs_on_that_machine_whichever_silo_calls_it()
    {
        // Several keys per machine: with three silos a random placement would land right one time in three.
        foreach (var machine in Machines)
        {
            foreach (var key in Keys(machine))
            {
                foreach (var caller in Machines)
                {
                    Assert.Equal(machine, await toys.Silo(caller).GetGrain<IWhereGrain>(key).SiloName());
                }
            }
        }
    }

    [Fact]
    public async Task A_grain_keyed_by_a_machine_runs_on_that_machine_when_the_client_calls_it()
    {
        foreach (var machine in Machines)
        {
            foreach (var key in Keys(machine))
            {
                Assert.Equal(machine, await toys.Client.GetGrain<IToyFrontDoor>(key).SiloName());
            }
        }
    }

    [Fact]
    public async Task A_grain_the_client_reaches_through_another_machine_still_runs_on_its_own()
    {
        foreach (var machine in Machines)
        {
            var key = Keys(machine)[0];
            Assert.Equal(machine, await toys.Client.GetGrain<IToyFrontDoor>($"MD1/{Guid.NewGuid():N}").AskWhere(key));
        }
    }

    [Fact]
    public void The_activation_check_accepts_the_machine_of_the_key_and_refuses_any_other()
    {
        var md1 = toys.Services("MD1").GetRequiredService<ILocalSiloDetails>();

        MachineActivation.EnsureLocal("MD1", md1);
        MachineActivation.EnsureLocal("MD1/alice", md1);
        var refused = Assert.Throws<WrongMachineException>(() => MachineActivation.EnsureLocal("MD2/alice", md1));
        Assert.Equal(("MD2", "MD1"), (refused.Machine, refused.Silo));
        Assert.Contains("MD2/alice", refused.Message);
        // Only the part before the first '/' names the machine.
        Assert.Throws<WrongMachineException>(() => MachineActivation.EnsureLocal("MD11/alice", md1));
        Assert.Throws<WrongMachineException>(() => MachineActivation.EnsureLocal("alice/MD1", md1));
    }

    [Fact]
    public async Task A_grain_that_another_placement_puts_on_the_wrong_machine_refuses_to_activate()
    {
        // Prefer-local placement puts the activation on the calling silo, MD1, whatever the key says.
        var md1 = toys.Silo("MD1");
        Assert.Equal("MD1", await md1.GetGrain<IMisplacedGrain>($"MD1/{Guid.NewGuid():N}").SiloName());

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => md1.GetGrain<IMisplacedGrain>($"MD2/{Guid.NewGuid():N}").SiloName());
        var refused = Assert.IsType<WrongMachineException>(failure);
        Assert.Equal(("MD2", "MD1"), (refused.Machine, refused.Silo));
    }

    private static string[] Keys(string machine)
        => [machine, .. Enumerable.Range(0, 4).Select(_ => $"{machine}/{Guid.NewGuid():N}")];
}

using System.Collections.Concurrent;
using Maildriver.Grains.Hosting;
using Maildriver.Silo.Hosting;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// A starting machine holds clients back from the moment Orleans's gateway opens until its Replica has started
/// (<see cref="ReplicaStart"/>): a machine to be rebuilt never serves anyone from the store it is about to replace,
/// and the mail ports open after that start, finding the machine ready or held back for its rebuild.
/// </summary>
public sealed class StartHoldTests
{
    [Fact]
    public async Task AMachineToBeRebuiltServesNoClientFromTheMomentItsGatewayOpens()
    {
        var seen = new ConcurrentQueue<(int Stage, string? Reason)>();
        await using var mail = await MailTestCluster.StartAsync(configure: setup => Probe(setup, "MD3", seen));
        await mail.AddUsersAsync("bob");
        await mail.WipeAsync("MD3");

        // MD3 cannot reach the Master, so its rebuild cannot begin once it has started.
        mail.Cluster.Network.Partition("MD3", "MD1");
        seen.Clear();
        await mail.Cluster.StartSiloAsync("MD3");

        // Before the fix, the Active stage (where the gateway begins to accept clients) found MD3 ready: the rebuild's
        // hold came only with the Replica's start, in the same stage.
        var atActive = Assert.Single(seen, s => s.Stage == ServiceLifecycleStage.Active);
        Assert.Equal("MD3 is starting", atActive.Reason);
        var afterStart = Assert.Single(seen, s => s.Stage == ReplicaStart.Started);
        Assert.Contains("being rebuilt", afterStart.Reason);

        mail.Cluster.Network.Heal();
        await mail.WaitForReadyAsync("MD3");
        Assert.Equal("MD3", (await mail.Server("MD3").Login("bob", "bob-pw")).Machine);
    }

    [Fact]
    public async Task AMachineRestartedOnItsOwnStoreServesOnceItsReplicaHasStartedAndBeforeItsMailPortsOpen()
    {
        var seen = new ConcurrentQueue<(int Stage, string? Reason)>();
        await using var mail = await MailTestCluster.StartAsync(configure: setup => Probe(setup, "MD3", seen));
        await mail.AddUsersAsync("bob");
        await mail.Cluster.KillSiloAsync("MD3");

        seen.Clear();
        await mail.Cluster.StartSiloAsync("MD3");

        Assert.Equal("MD3 is starting", Assert.Single(seen, s => s.Stage == ServiceLifecycleStage.Active).Reason);
        // The mail ports' stage: ready, so the IMAP warm-up runs and sessions are served.
        Assert.Null(Assert.Single(seen, s => s.Stage == ReplicaStart.Started).Reason);
        Assert.True(mail.Cluster.GetSilo("MD3").Services.GetRequiredService<SiloReadiness>().IsReady);
    }

    // Records what the machine's readiness says in the gateway's stage and in the mail ports'. Added before the
    // machine's own services, so its work in the Active stage begins before the Replica's start: the earliest moment
    // at which Orleans's gateway may take a client's call.
    private static void Probe(MachineSiloSetup setup, string machine, ConcurrentQueue<(int Stage, string? Reason)> seen)
    {
        if (setup.Machine == machine)
        {
            setup.Silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new ReadinessProbe(sp.GetRequiredService<SiloReadiness>(), seen));
        }
    }

    private sealed class ReadinessProbe(SiloReadiness readiness, ConcurrentQueue<(int Stage, string? Reason)> seen) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle)
        {
            lifecycle.Subscribe(nameof(ReadinessProbe), ServiceLifecycleStage.Active, _ => Record(ServiceLifecycleStage.Active));
            lifecycle.Subscribe(nameof(ReadinessProbe), ReplicaStart.Started, _ => Record(ReplicaStart.Started));
        }

        private Task Record(int stage)
        {
            seen.Enqueue((stage, readiness.Reason));
            return Task.CompletedTask;
        }
    }
}

using Maildriver.Runtime;
using Maildriver.Tests.Runtime.Grains;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Runtime;

public sealed class ActivationTests
{
    [Fact]
    public async Task AGrainIsActivatedOnFirstCallOnTheSiloItsKeyNames()
    {
        var probe = new LifecycleProbe();
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 3, probe: probe);
        var md2 = cluster.GetSilo("MD2");
        var before = md2.ActivationCount;

        var counter = cluster.GetSilo("MD1").GrainFactory.GetGrain<ICounterGrain>("MD2/alice");
        Assert.Equal(before, md2.ActivationCount); // a reference alone activates nothing
        Assert.Equal("MD2", await counter.Silo());
        Assert.Equal(before + 1, md2.ActivationCount);

        var life = cluster.GetSilo("MD3").GrainFactory.GetGrain<ILifecycleGrain>("MD3/x");
        Assert.Equal(1, await life.Ping());
        Assert.Equal(1, await life.Ping());
        Assert.Equal(1, probe.Activations["MD3/x"]);
    }

    [Fact]
    public async Task StateWrittenBeforeACrashIsThereAfterRestart()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2);
        var counter = cluster.GetSilo("MD1").GrainFactory.GetGrain<ICounterGrain>("MD2/persisted");
        for (var i = 0; i < 3; i++)
        {
            await counter.Increment();
        }

        await cluster.KillSiloAsync("MD2");
        await Assert.ThrowsAsync<SiloUnavailableException>(() => counter.Get());

        await cluster.RestartSiloAsync("MD2");
        Assert.Equal(3, await counter.Get());
        Assert.Equal(4, await counter.Increment());
    }

    [Fact]
    public async Task AnIdleActivationIsDeactivatedAndTheNextCallActivatesItAgain()
    {
        var time = new ManualTimeProvider();
        var probe = new LifecycleProbe();
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 1, time: time, probe: probe, configure: b =>
        {
            b.Options.CollectionAge = TimeSpan.FromMinutes(2);
            b.Options.CollectionQuantum = TimeSpan.FromMinutes(1);
        });
        var silo = cluster.GetSilo("MD1");
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("MD1/idle");
        Assert.Equal(1, await grain.Ping());

        time.Advance(TimeSpan.FromMinutes(1)); // idle one minute: too young to collect
        Assert.False(probe.Deactivations.ContainsKey("MD1/idle"));

        time.Advance(TimeSpan.FromMinutes(2));
        await WaitFor.ConditionAsync(() => probe.Deactivations.GetValueOrDefault("MD1/idle") == 1);

        Assert.Equal(2, await grain.Ping());
        Assert.Equal(2, probe.Activations["MD1/idle"]);
    }

    [Fact]
    public async Task OrderlyStopRunsOnDeactivateButAKillDoesNot()
    {
        var probe = new LifecycleProbe();
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2, probe: probe);
        await cluster.GetSilo("MD1").GrainFactory.GetGrain<ILifecycleGrain>("MD1/x").Ping();
        await cluster.GetSilo("MD2").GrainFactory.GetGrain<ILifecycleGrain>("MD2/y").Ping();

        await cluster.KillSiloAsync("MD1");
        await cluster.StopSiloAsync("MD2");

        Assert.False(probe.Deactivations.ContainsKey("MD1/x"));
        Assert.Equal(1, probe.Deactivations["MD2/y"]);
    }
}

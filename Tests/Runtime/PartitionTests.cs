using Maildriver.Runtime;
using Maildriver.Tests.Runtime.Grains;

namespace Maildriver.Tests.Runtime;

public sealed class PartitionTests
{
    [Fact]
    public async Task APartitionCutsOnlyTheChosenLinkAndHealing()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 3, configure: b => b.Options.CallTimeout = TimeSpan.FromMinutes(5));
        var fromMd1 = cluster.GetSilo("MD1").GrainFactory;

        cluster.Network.Partition("MD1", "MD2");

        await Assert.ThrowsAsync<SiloUnavailableException>(() => fromMd1.GetGrain<ICounterGrain>("MD2/c").Increment());
        Assert.Equal(1, await fromMd1.GetGrain<ICounterGrain>("MD3/c").Increment());
        Assert.Equal(1, await cluster.GetSilo("MD3").GrainFactory.GetGrain<ICounterGrain>("MD2/c").Increment());

        cluster.Network.Heal();
        Assert.Equal(2, await fromMd1.GetGrain<ICounterGrain>("MD2/c").Increment());
    }

    [Fact]
    public async Task ADelayedLinkStillDelivers()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2);
        cluster.Network.Delay("MD1", "MD2", TimeSpan.FromMilliseconds(50));
        var counter = cluster.GetSilo("MD1").GrainFactory.GetGrain<ICounterGrain>("MD2/d");

        Assert.Equal(1, await counter.Increment());
    }

    [Fact]
    public async Task ACallToAKilledSiloFailsFastNotByTimeout()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2, configure: b => b.Options.CallTimeout = TimeSpan.FromMinutes(5));
        var counter = cluster.GetSilo("MD1").GrainFactory.GetGrain<ICounterGrain>("MD2/k");
        await counter.Increment();

        await cluster.KillSiloAsync("MD2");

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => counter.Increment());
        Assert.Equal("MD2", error.Silo);
    }
}

using Maildriver.Tests.Runtime.Grains;

namespace Maildriver.Tests.Runtime;

public sealed class TimeoutTests
{
    [Fact]
    public async Task ACallThatNeverAnswersTimesOutInSilo()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 1, configure: b => b.Options.CallTimeout = TimeSpan.FromMilliseconds(300));
        var gate = cluster.GetSilo("MD1").GrainFactory.GetGrain<IGateGrain>("MD1/gate");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => gate.Hold());
        Assert.Contains("Hold", error.Message);
        await gate.Release();
    }

    [Fact]
    public async Task ACallThatNeverAnswersTimesOutAcrossSilos()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2, configure: b => b.Options.CallTimeout = TimeSpan.FromMilliseconds(300));
        var gate = cluster.GetSilo("MD1").GrainFactory.GetGrain<IGateGrain>("MD2/gate");

        await Assert.ThrowsAsync<TimeoutException>(() => gate.Hold());
        await gate.Release();
    }

    [Fact]
    public async Task ADroppedMessageSurfacesAsTheCallersTimeout()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2, configure: b => b.Options.CallTimeout = TimeSpan.FromMilliseconds(300));
        cluster.Network.Drop("MD1", "MD2");
        var counter = cluster.GetSilo("MD1").GrainFactory.GetGrain<ICounterGrain>("MD2/c");

        await Assert.ThrowsAsync<TimeoutException>(() => counter.Increment());

        // Nothing arrived, so nothing changed.
        cluster.Network.Heal();
        Assert.Equal(0, await counter.Get());
    }
}

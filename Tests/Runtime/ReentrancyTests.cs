using Maildriver.Runtime;
using Maildriver.Tests.Runtime.Grains;

namespace Maildriver.Tests.Runtime;

public sealed class ReentrancyTests
{
    [Fact]
    public async Task AlwaysInterleaveRunsDuringABusyTurnWhileOrdinaryCallsWait()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 1);
        var gate = cluster.GetSilo("MD1").GrainFactory.GetGrain<IGateGrain>("MD1/gate");

        var hold = gate.Hold();
        var second = gate.Second();

        // The interleaved call gets through while Hold is still in progress...
        Assert.True(await gate.IsHolding());

        // ...but the ordinary call queued before it has not run.
        Assert.False(second.IsCompleted);
        Assert.False(hold.IsCompleted);

        await gate.Release();
        Assert.Equal("held", await hold);
        Assert.Equal("after", await second);
    }

    [Fact]
    public async Task CallCycleThroughNonReentrantGrainsFailsAtOnceWithDeadlockException()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2, configure: b => b.Options.CallTimeout = TimeSpan.FromMinutes(5));
        var a = cluster.GetSilo("MD1").GrainFactory.GetGrain<IPingGrain>("MD1/a");

        // a -> b (other silo) -> a: a is waiting on b, so b's call into a can never run.
        var error = await Assert.ThrowsAsync<DeadlockException>(() => a.CallThrough("MD2/b"));
        Assert.Contains("PingGrain", error.Message, StringComparison.OrdinalIgnoreCase);

        // The grains are usable afterwards.
        Assert.Equal("MD1/a", await a.Name());
    }

    [Fact]
    public async Task SelfCallIsACycle()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 1, configure: b => b.Options.CallTimeout = TimeSpan.FromMinutes(5));
        var a = cluster.GetSilo("MD1").GrainFactory.GetGrain<IPingGrain>("MD1/self");

        await Assert.ThrowsAsync<DeadlockException>(() => a.CallSelf());
    }

    [Fact]
    public async Task CycleEndingInAnInterleavedMethodIsAllowed()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2);
        var a = cluster.GetSilo("MD1").GrainFactory.GetGrain<IPingGrain>("MD1/a");

        Assert.Equal("MD1/a", await a.CallThroughInterleaved("MD2/b"));
    }
}

using Maildriver.Tests.Runtime.Grains;

namespace Maildriver.Tests.Runtime;

public sealed class TurnTests
{
    [Fact]
    public async Task ConcurrentCallersRunOneTurnAtATimeInArrivalOrder()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 1);
        var grain = cluster.GetSilo("MD1").GrainFactory.GetGrain<ITurnGrain>("MD1/turns");

        var calls = Enumerable.Range(0, 50).Select(i => grain.Record(i)).ToArray();
        await Task.WhenAll(calls);

        var log = await grain.Log();
        Assert.Equal(0, log.Overlaps);
        var expected = Enumerable.Range(0, 50).SelectMany(i => new[] { $"enter {i}", $"exit {i}" });
        Assert.Equal(expected, log.Events);
    }

    [Fact]
    public async Task ConcurrentCallersFromAnotherSiloNeverOverlap()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2);
        var grain = cluster.GetSilo("MD1").GrainFactory.GetGrain<ITurnGrain>("MD2/turns");

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => grain.Record(i))));

        var log = await grain.Log();
        Assert.Equal(0, log.Overlaps);
        Assert.Equal(200, log.Events.Count);
        for (var i = 0; i < log.Events.Count; i += 2)
        {
            Assert.StartsWith("enter", log.Events[i]);
            Assert.Equal(log.Events[i].Replace("enter", "exit"), log.Events[i + 1]);
        }
    }
}

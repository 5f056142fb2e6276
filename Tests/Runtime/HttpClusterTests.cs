using System.Diagnostics;
using Maildriver.Runtime;
using Maildriver.Tests.Runtime.Grains;

namespace Maildriver.Tests.Runtime;

/// <summary>The same runtime promises over the real transport: HTTP/2 silo streams and Kestrel gateways on loopback.</summary>
public sealed class HttpClusterTests
{
    [Fact]
    public async Task GrainCallsCrossSilosOverHttp2AndAKilledSiloFailsFast()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 3, http: true, configure: b => b.Options.CallTimeout = TimeSpan.FromMinutes(5));
        var fromMd1 = cluster.GetSilo("MD1").GrainFactory;

        var counter = fromMd1.GetGrain<ICounterGrain>("MD2/http");
        Assert.Equal("MD2", await counter.Silo());
        Assert.Equal(1, await counter.Increment());
        await Assert.ThrowsAsync<DeadlockException>(() => fromMd1.GetGrain<IPingGrain>("MD1/a").CallThrough("MD3/b"));

        await cluster.KillSiloAsync("MD2");
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => counter.Increment());
        Assert.Equal("MD2", error.Silo);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"a call to a killed silo took {clock.Elapsed} to fail (the call timeout is 5 minutes)");

        await cluster.RestartSiloAsync("MD2");
        Assert.Equal(2, await counter.Increment());
    }

    [Fact]
    public async Task TheKestrelGatewayServesTheClientApiAndRefusesEverythingElse()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2, http: true);
        var client = cluster.CreateClient("MD2", "MD1");

        Assert.Equal("MD2", await client.GetGrain<IEchoApi>("x").WhereAmI());
        await Assert.ThrowsAsync<GatewayRefusedException>(() => client.GetGrain<ICounterGrain>("MD1/c").Increment());

        await cluster.KillSiloAsync("MD2");
        Assert.Equal("MD1", await client.GetGrain<IEchoApi>("x").WhereAmI());
    }
}

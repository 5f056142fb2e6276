using Maildriver.Runtime;
using Maildriver.Tests.Runtime.Grains;

namespace Maildriver.Tests.Runtime;

public sealed class GatewayTests
{
    [Fact]
    public async Task TheGatewayServesTheClientApiOnTheSiloItIsConnectedTo()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 3);
        var client = cluster.CreateClient("MD2", "MD3");

        Assert.Equal("MD2", await client.GetGrain<IEchoApi>("any").WhereAmI());
        Assert.Equal("héllo <b>", await client.GetGrain<IEchoApi>("any").Echo("héllo <b>"));
        Assert.Equal(6, await client.GetGrain<IEchoApi>("any").Add([1, 2, 3]));
        Assert.Equal(1, await client.GetGrain<IEchoApi>("any").IncrementCounter("MD1/viaGateway"));
    }

    [Fact]
    public async Task TheGatewayRefusesAnythingOutsideTheClientApi()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2);
        var client = cluster.CreateClient("MD1");

        await Assert.ThrowsAsync<GatewayRefusedException>(() => client.GetGrain<ICounterGrain>("MD1/c").Increment());

        // And nothing was done: the counter was never touched.
        Assert.Equal(0, await cluster.GetSilo("MD1").GrainFactory.GetGrain<ICounterGrain>("MD1/c").Get());
    }

    [Fact]
    public async Task TheClientMovesToTheNextGatewayWhenItsSiloDies()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 3);
        var client = cluster.CreateClient("MD1", "MD2", "MD3");
        var changes = new List<string>();
        client.GatewayChanged += c => changes.Add($"{c.From}->{c.To}");

        Assert.Equal("MD1", await client.GetGrain<IEchoApi>("x").WhereAmI());
        await cluster.KillSiloAsync("MD1");

        Assert.Equal("MD2", await client.GetGrain<IEchoApi>("x").WhereAmI());
        Assert.Equal("MD2", client.CurrentGateway);
        Assert.Equal(["MD1->MD2"], changes);
    }

    [Fact]
    public async Task NoGatewayReachableIsItsOwnError()
    {
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 2);
        var client = cluster.CreateClient("MD1", "MD2");
        await cluster.KillSiloAsync("MD1");
        await cluster.KillSiloAsync("MD2");

        var error = await Assert.ThrowsAsync<GatewayUnavailableException>(() => client.GetGrain<IEchoApi>("x").Echo("hi"));
        Assert.Contains("MD1", error.Message);
        Assert.Contains("MD2", error.Message);
    }
}

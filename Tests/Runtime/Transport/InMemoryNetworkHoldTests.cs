using Maildriver.Runtime;
using Maildriver.Runtime.Transport.InMemory;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Runtime.Transport;

/// <summary>
/// <see cref="InMemoryNetwork.HoldWhere"/> and <see cref="InMemoryNetwork.HoldRepliesWhere"/>: held until the heal,
/// then delivered only between the same live silos.
/// </summary>
public sealed class InMemoryNetworkHoldTests
{
    private readonly InMemoryNetwork _network = new();
    private readonly FakeCallHandler _md1 = new();
    private readonly FakeCallHandler _md2 = new();

    public InMemoryNetworkHoldTests()
    {
        _network.Attach("MD1", _md1);
        _network.Attach("MD2", _md2);
        _network.HoldWhere("MD1", "MD2", r => r.Method == FakeCallHandler.Echo);
    }

    [Fact]
    public async Task AHeldMessageArrivesOnlyAtTheHealAndOthersPassMeanwhile()
    {
        var held = Send("MD1", "MD2", FakeCallHandler.Echo);
        var other = await Send("MD1", "MD2", "Other");
        var back = await Send("MD2", "MD1", FakeCallHandler.Echo);

        Assert.Equal("x", other.Result!.Value[0].GetString());
        Assert.Equal("x", back.Result!.Value[0].GetString());
        Assert.False(held.IsCompleted);
        Assert.DoesNotContain(_md2.Calls, c => c.Request.Method == FakeCallHandler.Echo);

        _network.Heal();
        Assert.Equal("x", (await held).Result!.Value[0].GetString());
    }

    [Theory]
    [InlineData("MD1")]
    [InlineData("MD2")]
    public async Task AHeldMessageFailsAtTheHealIfEitherEndDiedMeanwhileEvenIfItCameBack(string dies)
    {
        var held = Send("MD1", "MD2", FakeCallHandler.Echo);
        _network.Detach(dies);
        _network.Attach(dies, new FakeCallHandler());

        _network.Heal();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => held);
        Assert.DoesNotContain(_md2.Calls, c => c.Request.Method == FakeCallHandler.Echo);
    }

    [Fact]
    public async Task AHeldAnswerComesBackOnlyAtTheHealThoughTheCallWasCarriedOut()
    {
        _network.HoldRepliesWhere("MD1", "MD2", r => r.Method == FakeCallHandler.Echo);
        var call = Send("MD1", "MD2", FakeCallHandler.Echo);
        await WaitFor.ConditionAsync(() => _md2.Calls.Any(c => c.Request.Method == FakeCallHandler.Echo), because: "the call reached MD2");
        Assert.False(call.IsCompleted);

        _network.Heal();
        Assert.Equal("x", (await call).Result!.Value[0].GetString());
    }

    private Task<Maildriver.Runtime.Messaging.WireResponse> Send(string from, string to, string method)
        => _network.SendAsync(from, to, FakeCallHandler.Request(method, "x"), fromClient: false, CancellationToken.None);
}

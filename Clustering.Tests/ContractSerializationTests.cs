using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Security;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Maildriver.Clustering.Tests;

/// <summary>The exceptions that cross the wire to callers survive Orleans's serializer with their fields.</summary>
public sealed class ContractSerializationTests
{
    private readonly Serializer _serializer = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(MachineUnavailableException).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void MachineUnavailableException_keeps_its_machine_and_message()
    {
        var copy = RoundTrip(new MachineUnavailableException("MD2", "no active silo"));
        Assert.Equal("MD2", copy.Machine);
        Assert.Equal("MD2 is not running: no active silo", copy.Message);
    }

    [Fact]
    public void WrongMachineException_keeps_its_machine_and_silo()
    {
        var copy = RoundTrip(new WrongMachineException("MD2/alice", "MD2", "MD1"));
        Assert.Equal(("MD2", "MD1"), (copy.Machine, copy.Silo));
        Assert.Contains("MD2/alice", copy.Message);
    }

    [Fact]
    public void CallRefusedException_keeps_its_message()
        => Assert.Equal("refused", RoundTrip(new CallRefusedException("refused")).Message);

    private T RoundTrip<T>(T value)
        where T : Exception
    {
        var copy = _serializer.Deserialize<Exception>(_serializer.SerializeToArray<Exception>(value));
        return Assert.IsType<T>(copy);
    }
}

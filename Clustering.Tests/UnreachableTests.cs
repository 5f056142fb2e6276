using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Security;
using Orleans.Runtime.Messaging;

namespace Maildriver.Clustering.Tests;

/// <summary><see cref="Unreachable.Is"/>: which failures mean the machine was not reached, wrapped or not.</summary>
public sealed class UnreachableTests
{
    public static TheoryData<Exception> NotReached() =>
    [
        new TimeoutException("response timeout"),
        // (OrleansMessageRejectionException itself has no public constructor: its subclass stands for it.)
        new SiloUnavailableException("The target silo became unavailable"),
        new ConnectionFailedException("refused"),
        new MachineUnavailableException("MD2", "no active silo"),
        new InvalidOperationException("outer", new SiloUnavailableException("inner")),
        new AggregateException(new ArgumentException("a grain's own"), new TimeoutException("one of them")),
        new InvalidOperationException("outer", new AggregateException(new MachineUnavailableException("MD3", "gone"))),
    ];

    public static TheoryData<Exception> Reached() =>
    [
        new InvalidOperationException("the grain refused"),
        new CallRefusedException("not the front door"),
        new WrongMachineException("MD2/x", "MD2", "MD1"),
        new OperationCanceledException(),
        new OrleansException("placement failed"),
        new AggregateException(new ArgumentException("a"), new InvalidOperationException("b")),
    ];

    [Theory]
    [MemberData(nameof(NotReached))]
    public void These_mean_the_machine_was_not_reached(Exception failure) => Assert.True(Unreachable.Is(failure));

    [Theory]
    [MemberData(nameof(Reached))]
    public void These_are_errors_of_the_call_itself(Exception failure) => Assert.False(Unreachable.Is(failure));

    [Fact]
    public void No_exception_is_not_unreachable() => Assert.False(Unreachable.Is(null));
}

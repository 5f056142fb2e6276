namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>Answers at once, on the calling turn, so a timed call measures Orleans's dispatch and transport and nothing else.</summary>
public sealed class EchoGrain : Grain, IEchoGrain
{
    /// <inheritdoc/>
    public Task<int> Echo(int value) => Task.FromResult(value);
}

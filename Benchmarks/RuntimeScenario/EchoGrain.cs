using Maildriver.Runtime;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>Answers at once, on the calling turn, so a timed call measures dispatch and nothing else.</summary>
public sealed class EchoGrain : Grain, IEchoGrain
{
    /// <inheritdoc/>
    public Task<int> Echo(int value) => Task.FromResult(value);
}

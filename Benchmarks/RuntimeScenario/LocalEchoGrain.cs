namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>Answers at once, on the calling turn: an in-silo call measures dispatch and nothing else.</summary>
public sealed class LocalEchoGrain : Grain, ILocalEchoGrain
{
    /// <inheritdoc/>
    public Task<int> Echo(int value) => Task.FromResult(value);
}

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// The target of the cross-silo and client calls: a trivial grain that only the target silo hosts, so every call to
/// it from the caller silo or from the benchmark's client crosses a process boundary.
/// </summary>
[Alias("bench.echo")]
public interface IEchoGrain : IGrainWithStringKey
{
    /// <summary>Returns <paramref name="value"/>.</summary>
    [Alias("echo")]
    Task<int> Echo(int value);
}

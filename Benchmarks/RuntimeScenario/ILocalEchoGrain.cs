namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// The same trivial answer as <see cref="IEchoGrain"/>, hosted by the caller silo: the target of the in-silo
/// calls, which never leave the process. A separate interface, as one interface with two grain classes would make
/// every <c>GetGrain</c> ambiguous.
/// </summary>
[Alias("bench.local-echo")]
public interface ILocalEchoGrain : IGrainWithStringKey
{
    /// <summary>Returns <paramref name="value"/>.</summary>
    [Alias("echo")]
    Task<int> Echo(int value);
}

using Maildriver.Runtime;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>The trivial grain whose calls the runtime scenario times: nothing but the runtime's own cost.</summary>
public interface IEchoGrain : IGrainWithStringKey
{
    /// <summary>Returns <paramref name="value"/>.</summary>
    Task<int> Echo(int value);
}

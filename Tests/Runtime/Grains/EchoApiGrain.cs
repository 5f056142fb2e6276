using Maildriver.Runtime;

namespace Maildriver.Tests.Runtime.Grains;

/// <summary>The test cluster's client API: the only interface the gateway serves.</summary>
[StatelessWorker]
public interface IEchoApi : IGrainWithStringKey
{
    Task<string> Echo(string text);

    Task<string> WhereAmI();

    Task<int> IncrementCounter(string key);

    Task<int> Add(int[] values);
}

public sealed class EchoApiGrain : Grain, IEchoApi
{
    public Task<string> Echo(string text) => Task.FromResult(text);

    public Task<string> WhereAmI() => Task.FromResult(SiloName);

    public Task<int> IncrementCounter(string key) => GrainFactory.GetGrain<ICounterGrain>(key).Increment();

    public Task<int> Add(int[] values) => Task.FromResult(values.Sum());
}

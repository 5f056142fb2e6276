using Maildriver.Runtime;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// Times grain calls made from grain code, the way grains call each other in production: the caller runs on its
/// own activation's scheduler and every continuation returns there.
/// </summary>
public interface ICallLoopGrain : IGrainWithStringKey
{
    /// <summary>
    /// Calls <see cref="IEchoGrain.Echo"/> on <paramref name="echoKey"/> <paramref name="warmup"/> times untimed, then
    /// <paramref name="count"/> times one after the other, and returns each call's duration in Stopwatch ticks.
    /// </summary>
    Task<long[]> TimeEachCall(string echoKey, int warmup, int count);

    /// <summary>
    /// Makes <paramref name="batches"/> batches of <paramref name="batchSize"/> sequential calls and returns each
    /// batch's duration in Stopwatch ticks, so a per-call figure can be had without a timestamp around every call.
    /// </summary>
    Task<long[]> TimeBatches(string echoKey, int batches, int batchSize);
}

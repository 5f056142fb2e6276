namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// Times grain calls made from grain code, the way grains call each other in production: the caller runs on its own
/// activation's scheduler and every continuation returns there. Only the caller silo hosts it.
/// </summary>
[Alias("bench.call-loop")]
public interface ICallLoopGrain : IGrainWithStringKey
{
    /// <summary>
    /// Calls <see cref="ILocalEchoGrain.Echo"/> on <paramref name="echoKey"/> (in this silo) <paramref name="warmup"/>
    /// times untimed, then <paramref name="count"/> times one after the other, and returns each call's duration in
    /// Stopwatch ticks.
    /// </summary>
    [Alias("time-each-call")]
    Task<long[]> TimeEachCall(string echoKey, int warmup, int count);

    /// <summary>
    /// Makes <paramref name="batches"/> batches of <paramref name="batchSize"/> sequential in-silo calls and returns each
    /// batch's duration in Stopwatch ticks, so a per-call figure can be had without a timestamp around every call.
    /// </summary>
    [Alias("time-batches")]
    Task<long[]> TimeBatches(string echoKey, int batches, int batchSize);

    /// <summary>One call to <see cref="IEchoGrain.Echo"/> on <paramref name="echoKey"/> (on the target silo): throws until the caller silo can place it there.</summary>
    [Alias("reach")]
    Task Reach(string echoKey);

    /// <summary>
    /// Calls <see cref="IEchoGrain.Echo"/> on <paramref name="echoKey"/> (on the target silo) one call after another
    /// until <paramref name="windowEnd"/>; counts and times the calls that complete from <paramref name="windowStart"/>
    /// on (the calls before are the warm-up). Both are UTC times, the same for every caller, so their windows coincide.
    /// </summary>
    [Alias("drive")]
    Task<CallerLoad> Drive(string echoKey, DateTime windowStart, DateTime windowEnd);
}

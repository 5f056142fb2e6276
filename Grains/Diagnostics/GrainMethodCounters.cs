namespace Maildriver.Grains.Diagnostics;

/// <summary>
/// The running totals of one grain method on one silo, bumped with <see cref="Interlocked"/> on the call path:
/// calls, failures, time spent and a latency histogram. They only ever grow; rates and quantiles over a window
/// come from the difference of two <see cref="MethodSample"/>s.
/// </summary>
internal sealed class GrainMethodCounters(string grain, string method)
{
    private readonly long[] _buckets = new long[LatencyBuckets.Count];
    private long _calls;
    private long _errors;
    private long _totalNs;

    /// <summary>The grain class, e.g. <c>MasterGrain</c>.</summary>
    public string Grain { get; } = grain;

    /// <summary>The method, e.g. <c>Submit</c>.</summary>
    public string Method { get; } = method;

    public long Calls => Interlocked.Read(ref _calls);

    public void Record(long nanoseconds, bool failed)
    {
        Interlocked.Increment(ref _buckets[LatencyBuckets.IndexOf(nanoseconds)]);
        Interlocked.Add(ref _totalNs, nanoseconds);
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }

        // Last, so a sample that sees the call also sees its bucket (samples compare calls to spot a change).
        Interlocked.Increment(ref _calls);
    }

    /// <summary>
    /// A copy of the totals. Taken without stopping the callers, so a call in progress may be half counted; the
    /// next sample has it whole.
    /// </summary>
    public MethodSample Sample()
    {
        var calls = Interlocked.Read(ref _calls);
        var errors = Interlocked.Read(ref _errors);
        var totalNs = Interlocked.Read(ref _totalNs);
        var buckets = new long[_buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Interlocked.Read(ref _buckets[i]);
        }

        return new MethodSample(calls, errors, totalNs, buckets);
    }
}

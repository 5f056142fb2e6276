namespace Maildriver.Grains.Diagnostics;

/// <summary>The totals of one method at one instant; never changed after it is taken, so samples may share it.</summary>
/// <param name="Calls">Calls finished so far.</param>
/// <param name="Errors">Of those, calls that ended with an exception.</param>
/// <param name="TotalNs">Time spent in them, summed, in nanoseconds.</param>
/// <param name="Buckets">Calls per latency bucket (see <see cref="LatencyBuckets"/>).</param>
internal sealed record MethodSample(long Calls, long Errors, long TotalNs, long[] Buckets)
{
    public static MethodSample Zero { get; } = new(0, 0, 0, new long[LatencyBuckets.Count]);
}

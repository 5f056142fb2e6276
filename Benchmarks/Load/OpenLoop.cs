using System.Collections.Concurrent;
using System.Diagnostics;

namespace Maildriver.Benchmarks.Load;

/// <summary>
/// Calls on a fixed schedule whatever the answers do (open loop): call i is due at <c>i / rate</c> seconds and its
/// latency runs from when it was due, not from when it happened to start, so a stalled system cannot hide its
/// stall by slowing the load down (coordinated omission).
/// </summary>
public static class OpenLoop
{
    /// <summary>Makes <c>rate × duration</c> calls of <paramref name="call"/>(sequence number) on schedule.</summary>
    public static async Task<LoadResult> RunAsync(double rate, TimeSpan duration, Func<long, Task> call, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0);
        ArgumentNullException.ThrowIfNull(call);
        var total = (long)Math.Round(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / rate;
        var latencies = new long[total];
        var outcomes = new Task<bool>[total];
        var errors = new ConcurrentQueue<string>();

        async Task<bool> TimedAsync(long sequence, long due)
        {
            try
            {
                await call(sequence).ConfigureAwait(false);
                latencies[sequence] = Stopwatch.GetTimestamp() - due;
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (errors.Count < 8)
                {
                    errors.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                }

                return false;
            }
        }

        var start = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
            }

            var sequence = i;
            outcomes[i] = Task.Run(() => TimedAsync(sequence, due), cancellationToken);
        }

        var ok = await Task.WhenAll(outcomes).ConfigureAwait(false);
        var elapsed = Stopwatch.GetTimestamp() - start;
        var succeeded = latencies.Where((_, i) => ok[i]).ToArray();
        return new LoadResult(succeeded.Length, total - succeeded.Length, elapsed, succeeded, errors.TryPeek(out var first) ? first : null);
    }
}

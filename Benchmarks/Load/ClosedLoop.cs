using System.Collections.Concurrent;
using System.Diagnostics;

namespace Maildriver.Benchmarks.Load;

/// <summary>
/// A fixed number of callers, each making one call after another as fast as answers come back, for a warm-up and
/// then a measured window. Throughput counts the calls that complete inside the window (those already in flight
/// when it opens included), which is the rate in steady state whatever the latency.
/// </summary>
public static class ClosedLoop
{
    private const int Warming = 0;
    private const int Measuring = 1;
    private const int Stopping = 2;

    /// <summary>Runs <paramref name="callers"/> loops of <paramref name="call"/>(caller, sequence number).</summary>
    /// <param name="callers">How many loops run at once.</param>
    /// <param name="warmup">How long they run before the window opens.</param>
    /// <param name="measure">How long the window stays open.</param>
    /// <param name="call">One call of caller (first argument), numbered from 0 per caller (second argument).</param>
    /// <param name="window">Told true as the window opens and false as it closes (e.g. to sample CPU time).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<LoadResult> RunAsync(
        int callers,
        TimeSpan warmup,
        TimeSpan measure,
        Func<int, long, Task> call,
        Action<bool>? window,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(callers, 1);
        ArgumentNullException.ThrowIfNull(call);
        var phase = Warming;
        var errors = new ConcurrentQueue<string>();
        long failed = 0;

        async Task<List<long>> CallerAsync(int caller)
        {
            var latencies = new List<long>(4096);
            for (long sequence = 0; Volatile.Read(ref phase) != Stopping && !cancellationToken.IsCancellationRequested; sequence++)
            {
                var start = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    await call(caller, sequence).ConfigureAwait(false);
                    ok = true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    ok = false;
                    if (errors.Count < 8)
                    {
                        errors.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                    }
                }

                var end = Stopwatch.GetTimestamp();
                if (Volatile.Read(ref phase) == Measuring)
                {
                    if (ok)
                    {
                        latencies.Add(end - start);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }

                if (!ok)
                {
                    // A failing target answers at once: do not spin the CPU the other callers need.
                    await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                }
            }

            return latencies;
        }

        // Task.Run: every caller starts on the thread pool rather than running its first synchronous part here.
        var tasks = Enumerable.Range(0, callers).Select(c => Task.Run(() => CallerAsync(c), cancellationToken)).ToArray();
        long opened;
        long closed;
        try
        {
            await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
            window?.Invoke(true);
            opened = Stopwatch.GetTimestamp();
            Volatile.Write(ref phase, Measuring);
            await Task.Delay(measure, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            closed = Stopwatch.GetTimestamp();
            Volatile.Write(ref phase, Stopping);
        }

        window?.Invoke(false);

        var perCaller = await Task.WhenAll(tasks).ConfigureAwait(false);
        var latencies = perCaller.SelectMany(l => l).ToArray();
        return new LoadResult(latencies.Length, failed, closed - opened, latencies, errors.TryPeek(out var first) ? first : null);
    }
}

using System.Diagnostics;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>Runs the call loops inside one turn of its own activation.</summary>
public sealed class CallLoopGrain : Grain, ICallLoopGrain
{
    // Enough latencies for the percentiles without shipping millions of numbers back through the gateway.
    private const int MaxSamples = 50_000;

    /// <inheritdoc/>
    public async Task<long[]> TimeEachCall(string echoKey, int warmup, int count)
    {
        var echo = GrainFactory.GetGrain<ILocalEchoGrain>(echoKey);
        for (var i = 0; i < warmup; i++)
        {
            await echo.Echo(i);
        }

        var durations = new long[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await echo.Echo(i);
            durations[i] = Stopwatch.GetTimestamp() - start;
        }

        return durations;
    }

    /// <inheritdoc/>
    public async Task<long[]> TimeBatches(string echoKey, int batches, int batchSize)
    {
        var echo = GrainFactory.GetGrain<ILocalEchoGrain>(echoKey);
        var durations = new long[batches];
        for (var b = 0; b < batches; b++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < batchSize; i++)
            {
                await echo.Echo(i);
            }

            durations[b] = Stopwatch.GetTimestamp() - start;
        }

        return durations;
    }

    /// <inheritdoc/>
    public Task Reach(string echoKey) => GrainFactory.GetGrain<IEchoGrain>(echoKey).Echo(0);

    /// <inheritdoc/>
    public async Task<CallerLoad> Drive(string echoKey, DateTime windowStart, DateTime windowEnd)
    {
        var echo = GrainFactory.GetGrain<IEchoGrain>(echoKey);

        // The window in this process's Stopwatch time: one clock read per call instead of a UTC conversion.
        var now = Stopwatch.GetTimestamp();
        var utcNow = DateTime.UtcNow;
        var opens = now + ToTicks(windowStart - utcNow);
        var closes = now + ToTicks(windowEnd - utcNow);
        var latencies = new List<long>(4096);
        long completed = 0;
        long failed = 0;
        string? firstError = null;
        for (var i = 0; ; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= closes)
            {
                break;
            }

            bool ok;
            try
            {
                await echo.Echo(i);
                ok = true;
            }
            catch (Exception ex)
            {
                ok = false;
                firstError ??= $"{ex.GetType().Name}: {ex.Message}";
            }

            var end = Stopwatch.GetTimestamp();
            if (!ok)
            {
                failed += end >= opens && end < closes ? 1 : 0;

                // A failing target answers at once: do not spin the cores the other callers need.
                await Task.Delay(10);
                continue;
            }

            if (end < opens || end >= closes)
            {
                continue;
            }

            completed++;
            if (latencies.Count < MaxSamples)
            {
                latencies.Add(end - start);
            }
        }

        return new CallerLoad(completed, failed, [.. latencies], firstError);
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

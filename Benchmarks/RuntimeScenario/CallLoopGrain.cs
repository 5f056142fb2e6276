using System.Diagnostics;
using Maildriver.Runtime;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>Runs the in-silo call loops inside one turn of its own activation.</summary>
public sealed class CallLoopGrain : Grain, ICallLoopGrain
{
    /// <inheritdoc/>
    public async Task<long[]> TimeEachCall(string echoKey, int warmup, int count)
    {
        var echo = GrainFactory.GetGrain<IEchoGrain>(echoKey);
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
        var echo = GrainFactory.GetGrain<IEchoGrain>(echoKey);
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
}

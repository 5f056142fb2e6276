using System.Diagnostics;
using Maildriver.Grains.Server;
using Maildriver.Grains.Protocol;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// Asks one gateway for the Master's status, again and again, until an answer meets a condition. The calls
/// overlap: while the Master is changing, one Status call can wait inside the gateway's silo for seconds (it keeps
/// asking whoever it believes is Master, every pulse interval), so a fresh call every interval is what lets the
/// answer be seen within about one interval of the cluster being able to give it.
/// </summary>
public static class StatusProbe
{
    // Enough overlap to cover a takeover's wait at the default interval, without flooding a silo that is busy.
    private const int MaxOutstanding = 16;

    /// <summary>Every machine is up, none has a catch-up list, and the live machines have finished everything.</summary>
    public static bool EveryMachineCaughtUp(MasterStatus status, int machines)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Machines.Count == machines
               && status.Machines.All(m => m.Up && m.CatchupPending == 0)
               && status.LiveWork == 0;
    }

    /// <summary>
    /// Calls <c>Status</c> every <paramref name="interval"/> until an answer meets <paramref name="condition"/> or
    /// <paramref name="limit"/> has passed; <paramref name="onAnswer"/> sees every answer (from any thread).
    /// </summary>
    public static async Task<StatusProbeResult> UntilAsync(
        IMailServer server,
        string token,
        Func<MasterStatus, bool> condition,
        TimeSpan interval,
        TimeSpan limit,
        CancellationToken cancellationToken,
        Action<StatusSample>? onAnswer = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(condition);
        var found = new TaskCompletionSource<StatusSample>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outstanding = 0;
        var answers = 0;
        var failures = 0;
        string? lastError = null;

        async Task AskAsync()
        {
            try
            {
                var status = await server.Status(token).ConfigureAwait(false);
                var sample = new StatusSample(Stopwatch.GetTimestamp(), status);
                Interlocked.Increment(ref answers);
                onAnswer?.Invoke(sample);
                if (condition(status))
                {
                    found.TrySetResult(sample);
                }
            }
            catch (Exception ex)
            {
                // No Master reachable yet, or the gateway itself is down: the next call will tell.
                Interlocked.Increment(ref failures);
                Volatile.Write(ref lastError, $"{ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref outstanding);
            }
        }

        var start = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(interval);
        while (!found.Task.IsCompleted && Stopwatch.GetElapsedTime(start) < limit)
        {
            if (Volatile.Read(ref outstanding) < MaxOutstanding)
            {
                Interlocked.Increment(ref outstanding);
                _ = AskAsync();
            }

            var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
            await Task.WhenAny(found.Task, tick).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new StatusProbeResult(
            found.Task.IsCompleted ? found.Task.Result : null,
            Volatile.Read(ref answers),
            Volatile.Read(ref failures),
            Volatile.Read(ref lastError));
    }
}

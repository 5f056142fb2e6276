namespace Maildriver.Tests.Processes.Torture;

/// <summary>The workload tasks' pacing and per-task seeds, shared by <see cref="TortureWorkload"/> and <see cref="AdminWorkload"/>.</summary>
public static class WorkloadPacing
{
    /// <summary>How long a task waits before repeating a request whose outcome is unknown.</summary>
    public static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The seed of task number <paramref name="task"/> of a run seeded <paramref name="seed"/>. Not
    /// HashCode.Combine: it is salted per process, and a seed must give the same traffic in every run.
    /// </summary>
    public static int TaskSeed(int seed, int task) => unchecked((seed * 7919) + task + 1);

    /// <summary>The workload's pacing (a few requests a second per task), not synchronisation. False once <paramref name="stop"/> fires.</summary>
    public static async Task<bool> PauseAsync(int milliseconds, CancellationToken stop)
    {
        try
        {
            await Task.Delay(milliseconds, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary><see cref="PauseAsync(int, CancellationToken)"/> for <see cref="RetryPause"/>.</summary>
    public static Task<bool> RetryPauseAsync(CancellationToken giveUp) => PauseAsync((int)RetryPause.TotalMilliseconds, giveUp);
}

using System.Diagnostics;
using System.Globalization;

namespace Maildriver.Benchmarks.Load;

/// <summary>
/// How long a process's threads were ready to run but waiting for a core (Linux <c>/proc/PID/task/TID/schedstat</c>,
/// second field). On a shared machine this tells "slow because others had the cores" from "slow because it waited
/// on the disk or a timer", which processor time alone cannot. Threads that exit between two readings take their
/// share with them, so a difference can only understate.
/// </summary>
public static class RunQueueWait
{
    /// <summary>The summed wait of every current thread of each process, or null where the system does not say.</summary>
    public static IReadOnlyList<(string Name, TimeSpan? Wait)> Read(IReadOnlyList<(string Name, Process Process)> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return [.. processes.Select(p => (p.Name, Of(p.Process)))];
    }

    /// <summary>Each process's wait from <paramref name="start"/> to <paramref name="end"/> (matched by name).</summary>
    public static IReadOnlyList<(string Name, TimeSpan? Wait)> Between(IReadOnlyList<(string Name, TimeSpan? Wait)> start, IReadOnlyList<(string Name, TimeSpan? Wait)> end)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        return [.. end.Select(e => (e.Name, start.FirstOrDefault(s => s.Name == e.Name).Wait is { } s && e.Wait is { } w ? w - s : (TimeSpan?)null))];
    }

    private static TimeSpan? Of(Process process)
    {
        try
        {
            var nanoseconds = 0L;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
            {
                try
                {
                    var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                    nanoseconds += long.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The thread ended while we looked.
                }
            }

            return TimeSpan.FromTicks(nanoseconds / 100);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, no schedstat, or the process is gone.
            return null;
        }
    }
}

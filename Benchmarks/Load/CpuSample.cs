using System.Diagnostics;

namespace Maildriver.Benchmarks.Load;

/// <summary>
/// Processor time used by a set of processes between two moments, so a figure can be read as "the machine was
/// saturated" or "the time went somewhere other than the CPU" (waiting on disk, on a lock, on a timer).
/// </summary>
public sealed class CpuSample
{
    private readonly IReadOnlyList<(string Name, Process Process)> _processes;
    private readonly TimeSpan[] _start;
    private readonly long _startTimestamp;

    private CpuSample(IReadOnlyList<(string Name, Process Process)> processes)
    {
        _processes = processes;
        _start = processes.Select(p => Used(p.Process)).ToArray();
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts measuring <paramref name="processes"/> (this process is typically one of them).</summary>
    public static CpuSample Start(IReadOnlyList<(string Name, Process Process)> processes) => new(processes);

    /// <summary>Each process's processor time since the start, and the wall time it covers.</summary>
    public (IReadOnlyList<(string Name, TimeSpan Cpu)> PerProcess, TimeSpan Wall) Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startTimestamp);
        var used = _processes.Select((p, i) => (p.Name, Used(p.Process) - _start[i])).ToList();
        return (used, wall);
    }

    private static TimeSpan Used(Process process)
    {
        try
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            // Exited: it uses no more.
            return TimeSpan.Zero;
        }
    }
}

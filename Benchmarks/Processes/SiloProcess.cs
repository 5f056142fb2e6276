using System.Collections.Concurrent;
using System.Diagnostics;

namespace Maildriver.Benchmarks.Processes;

/// <summary>
/// One silo process this benchmark started (a Maildriver.Silo machine, or a toy silo of the runtime scenario). Its
/// output goes to a log file (and the last lines stay in memory for error messages); <see cref="Kill"/> ends it and
/// its children by process id. Every live one is also killed when this process exits, so a crash of the benchmark
/// leaves no silo behind. A machine started again on the same data appends to the same log, after a line saying when.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private const int TailLines = 40;
    private static readonly ConcurrentDictionary<int, SiloProcess> Live = new();
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Lock _lock = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private bool _killed;
    private bool _logClosed;

    static SiloProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var silo in Live.Values)
            {
                silo.Kill();
            }
        };
    }

    private SiloProcess(string machine, Process process, StreamWriter log)
    {
        Machine = machine;
        _process = process;
        _log = log;
    }

    /// <summary>The machine it runs (or the toy silo's name).</summary>
    public string Machine { get; }

    /// <summary>Its process id.</summary>
    public int Id => _process.Id;

    /// <summary>The process itself, for its processor time.</summary>
    public Process Process => _process;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Whether the benchmark killed it on purpose (a crash test), as opposed to it dying by itself.</summary>
    public bool Killed
    {
        get
        {
            lock (_lock)
            {
                return _killed;
            }
        }
    }

    /// <summary>Starts <paramref name="machine"/> of the cluster in <paramref name="config"/>, logging to <paramref name="logPath"/>.</summary>
    public static SiloProcess Start(BuiltExecutable executable, string config, string machine, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(executable);
        return Start(machine, executable.SiloStartInfo(config, machine), logPath, environment);
    }

    /// <summary>Starts <paramref name="info"/> (output redirected) as the process called <paramref name="name"/>, logging to <paramref name="logPath"/>.</summary>
    public static SiloProcess Start(string name, ProcessStartInfo info, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var (variable, value) in environment)
        {
            info.Environment[variable] = value;
        }

        // Append: a crash test restarts a machine on the same data, and its log should read as one story.
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        log.WriteLine($"# benchmark: starting {name} at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, process, log);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Exited += (_, _) => silo.FailWaiters();
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        Live[process.Id] = silo;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>
    /// The first line it wrote or writes that <paramref name="match"/> accepts (of those still in its kept tail, or any
    /// to come); fails when the process exits first.
    /// The caller bounds the wait (<see cref="Task.WaitAsync(TimeSpan)"/>).
    /// </summary>
    public Task<string> LineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            // A line written before the caller asked still counts (the kept tail is all that is left of it).
            if (_tail.FirstOrDefault(match) is { } already)
            {
                seen.SetResult(already);
                return seen.Task;
            }

            _waiters.Add((match, seen));
        }

        if (_process.HasExited)
        {
            FailWaiters();
        }

        return seen.Task;
    }

    /// <summary>The last lines it wrote.</summary>
    public string Tail()
    {
        lock (_lock)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>Kills the process and its children (if still running) and waits for it to be gone.</summary>
    public void Kill()
    {
        lock (_lock)
        {
            if (_killed)
            {
                return;
            }

            _killed = true;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone (or never started): nothing to kill.
        }
        finally
        {
            Live.TryRemove(_process.Id, out _);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_lock)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }

            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Seen.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void FailWaiters()
    {
        lock (_lock)
        {
            foreach (var (_, seen) in _waiters)
            {
                seen.TrySetException(new InvalidOperationException($"{Machine} (pid {_process.Id}) exited; its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, _tail)}"));
            }

            _waiters.Clear();
        }
    }
}

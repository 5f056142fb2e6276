using System.Diagnostics;
using System.Globalization;

namespace Maildriver.TestSupport;

/// <summary>
/// One silo run as a real process: a <c>Maildriver.Silo</c> machine (the tests, the benchmark's protocol and crash
/// scenarios) or any other silo program (the benchmark's toy silos). The one launcher both share. Its stdout and
/// stderr go, line by line, to one log file that survives restarts, each start and kill marked in it; the lines of
/// the current run can be waited for (<see cref="LineAsync"/>). It can be started again after it exits or is
/// killed. Every process it starts dies with this one (<see cref="ChildProcesses"/>), so a crashed test run or
/// benchmark leaves no silo listening.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable, IDisposable
{
    /// <summary>How the log line that marks each start begins (the name, pid and UTC time follow).</summary>
    public const string StartedMarker = "===== harness: started ";

    private const int RecentLines = 40;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);

    private readonly Func<ProcessStartInfo> _startInfo;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Lock _lock = new();
    private readonly Queue<string> _recent = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private Process? _process;
    private StreamWriter? _log;
    private bool _killed;

    /// <summary>A process not yet started.</summary>
    /// <param name="name">The machine it runs (or the toy silo's name), for logs and messages.</param>
    /// <param name="startInfo">What to run, asked at each start; output redirection is set here.</param>
    /// <param name="logPath">The log file; every start appends to it.</param>
    /// <param name="environment">Variables set for the process, besides this one's own.</param>
    public SiloProcess(string name, Func<ProcessStartInfo> startInfo, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        Name = name;
        LogPath = logPath;
        _startInfo = startInfo;
        _environment = environment ?? new Dictionary<string, string>();
    }

    /// <summary>The machine it runs (or the toy silo's name).</summary>
    public string Name { get; }

    /// <summary>Its log file.</summary>
    public string LogPath { get; }

    /// <summary>The running process's id, or null when it is not running.</summary>
    public int? Pid => IsRunning ? _process!.Id : null;

    /// <summary>The process of the last start, for its processor time.</summary>
    public Process Process => _process ?? throw new InvalidOperationException($"{Name} was never started");

    /// <summary>Whether it runs now.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Whether it was started and has since exited (crashed, was killed, or refused to start).</summary>
    public bool HasExited => _process is { HasExited: true };

    /// <summary>How the last process ended, or null while it runs or before the first start.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>Whether <see cref="Kill"/> ended the last run on purpose (a crash test), as opposed to it dying by itself.</summary>
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

    /// <summary>The last <paramref name="lines"/> lines of its log, over all its runs.</summary>
    public string LogTail(int lines = RecentLines) => LogFiles.Tail(LogPath, lines);

    /// <summary>Starts the process; it must not be running.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (pid {_process!.Id})");
        }

        Release();
        var info = _startInfo();
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data is null ? null : "[stderr] " + e.Data);
        process.Exited += (_, _) => FailWaiters();
        lock (_lock)
        {
            // Append: a crash test restarts a machine on the same data, and its log should read as one story.
            _log = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
            _recent.Clear();
            _killed = false;
        }

        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            Release();
            throw;
        }

        _process = process;
        ChildProcesses.Track(process);
        WriteLog(string.Create(CultureInfo.InvariantCulture, $"{StartedMarker}{Name} as pid {process.Id} at {DateTime.UtcNow:HH:mm:ss.fff} UTC ====="));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// The first line of the current run that <paramref name="match"/> accepts, among those written lately or to
    /// come; fails when the process exits first. The caller bounds the wait (<see cref="Task.WaitAsync(TimeSpan)"/>).
    /// </summary>
    public Task<string> LineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            // A line written before the caller asked still counts (the recent lines are all that is left of it).
            if (_recent.FirstOrDefault(match) is { } already)
            {
                seen.SetResult(already);
                return seen.Task;
            }

            _waiters.Add((match, seen));
        }

        if (HasExited)
        {
            FailWaiters();
        }

        return seen.Task;
    }

    /// <summary>SIGKILL to the process tree, then waits for it to be gone. Nothing to do when it is not running.</summary>
    public void Kill()
    {
        if (_process is not { } process)
        {
            return;
        }

        lock (_lock)
        {
            _killed = true;
        }

        ChildProcesses.KillTree(process);
        WaitForExitAndOutput(process);
        WriteLog($"===== harness: killed {Name} (SIGKILL) =====");
    }

    /// <summary>
    /// SIGTERM, the orderly stop, and waits for the exit; returns the exit code. A process that does not stop in
    /// <paramref name="timeout"/> is killed and the stop fails.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var process = _process is { HasExited: false } p ? p : throw new InvalidOperationException($"{Name} is not running");
        await ProcessSignals.TerminateAsync(process.Id);
        var limit = timeout ?? ExitWait;
        if (!await WaitForExitAsync(limit))
        {
            Kill();
            throw new TimeoutException($"{Name} (pid {process.Id}) did not stop within {limit.TotalSeconds:0} s of SIGTERM and was killed\n{LogTail()}");
        }

        return process.ExitCode;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process (and its output) to end; false when it is still running.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is null)
        {
            return true;
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills whatever still runs and closes the log.</summary>
    public void Dispose()
    {
        Kill();
        Release();
    }

    /// <summary>Kills whatever still runs and closes the log.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // Lets go of an exited process and its log writer, once its output has been written out.
    private void Release()
    {
        if (_process is { } old)
        {
            WaitForExitAndOutput(old);
            ChildProcesses.Forget(old);
            old.Dispose();
            _process = null;
        }

        lock (_lock)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    // The bounded wait returns before the last output lines are handled; the unbounded one, after an exit, waits for them.
    private static void WaitForExitAndOutput(Process process)
    {
        if (process.WaitForExit(ExitWait))
        {
            process.WaitForExit();
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
            _log?.WriteLine(line);
            _recent.Enqueue(line);
            if (_recent.Count > RecentLines)
            {
                _recent.Dequeue();
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

    private void WriteLog(string line)
    {
        lock (_lock)
        {
            _log?.WriteLine(line);
        }
    }

    private void FailWaiters()
    {
        lock (_lock)
        {
            foreach (var (_, seen) in _waiters)
            {
                seen.TrySetException(new InvalidOperationException($"{Name} exited; its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, _recent)}"));
            }

            _waiters.Clear();
        }
    }
}

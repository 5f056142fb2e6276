using System.Diagnostics;
using System.Globalization;

namespace Maildriver.Tests.Support;

/// <summary>
/// One <c>Maildriver.Silo</c> machine run as a real process: <c>dotnet Maildriver.Silo.dll --config … --machine …</c>.
/// Its stdout and stderr go, line by line, to one log file that survives restarts, each start marked in it.
/// </summary>
public sealed class SiloProcess
{
    private static readonly Lazy<string> Dll = new(() => DotnetHost.OutputFile("Maildriver.Silo.dll"));
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);

    private readonly string _configPath;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Lock _logLock = new();
    private Process? _process;
    private StreamWriter? _log;

    public SiloProcess(string name, string configPath, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        LogPath = logPath;
        _configPath = configPath;
        _environment = environment;
    }

    public string Name { get; }

    public string LogPath { get; }

    /// <summary>The running process's id, or null when it is not running.</summary>
    public int? Pid => IsRunning ? _process!.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>How the last process ended, or null while it runs or before the first start.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>Whether it was started and has since exited (crashed, or refused to start).</summary>
    public bool HasExited => _process is { HasExited: true };

    public string LogTail(int lines = 40) => LogFiles.Tail(LogPath, lines);

    /// <summary>Starts the process; it must not be running.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (pid {_process!.Id})");
        }

        await ReleaseAsync();
        var info = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_configPath)!,
        };
        foreach (var argument in (string[])[Dll.Value, "--config", _configPath, "--machine", Name])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        _log = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(e.Data is null ? null : "[stderr] " + e.Data);
        process.Start();
        _process = process;
        ChildProcesses.Track(process);
        WriteLog(string.Create(CultureInfo.InvariantCulture, $"===== test harness: started {Name} as pid {process.Id} at {DateTime.UtcNow:HH:mm:ss.fff} ====="));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL to the process tree, then waits for it to be gone. Nothing to do when it is not running.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        ChildProcesses.KillTree(_process);
        await WaitForExitAsync(ExitWait);
        WriteLog($"===== test harness: killed {Name} (SIGKILL) =====");
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
            ChildProcesses.KillTree(process);
            await WaitForExitAsync(ExitWait);
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
    public async Task DisposeAsync()
    {
        await KillAsync();
        await ReleaseAsync();
    }

    // Lets go of an exited process and its log writer, once its output has been written out.
    private async Task ReleaseAsync()
    {
        if (_process is { } old)
        {
            await WaitForExitAsync(ExitWait);
            ChildProcesses.Forget(old);
            old.Dispose();
            _process = null;
        }

        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log?.WriteLine(line);
        }
    }
}

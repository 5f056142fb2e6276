using System.Globalization;
using Xunit.Sdk;

namespace Maildriver.Tests.Support;

/// <summary>
/// A program running in a detached tmux session of a fixed size, on a tmux server of its own (<c>-L</c>), so a
/// developer's own tmux is never touched: keys go in with <c>send-keys</c>, the screen comes out with
/// <c>capture-pane -p</c>. Disposing kills the session by its name, then the program by its pid if it outlived it.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);

    private readonly string _socket;
    private readonly string _statusFile;
    private string _command = string.Empty;
    private string? _socketPath;
    private int? _pid;

    private TmuxSession(string name)
    {
        Name = name;
        _socket = name;
        _statusFile = Path.Combine(Path.GetTempPath(), name + ".status");
    }

    /// <summary>The session's name (and its server's socket name).</summary>
    public string Name { get; }

    /// <summary>The path of tmux, or a failure saying it is missing: a test that needs tmux must not pass without it.</summary>
    public static string RequireTmux()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "tmux"))
            .FirstOrDefault(File.Exists);
        return path ?? throw new XunitException(
            "tmux is not on PATH: the reader's end-to-end test drives the real terminal program through it "
            + "(.ci/run installs it with apt-get; locally: apt-get install tmux).");
    }

    /// <summary>
    /// Starts <paramref name="argv"/> (executed, not interpreted: each argument is quoted) in a new session of
    /// <paramref name="width"/>×<paramref name="height"/>, with <paramref name="environment"/> set (a null value unsets).
    /// A shell runs it and writes its exit status to a file when it ends: tmux's own record of it
    /// (<c>#{pane_dead_status}</c>) is missing now and then, when the server misses the child's SIGCHLD and leaves it a
    /// zombie. The pane stays after the program exits, so its last screen can still be read.
    /// </summary>
    public static async Task<TmuxSession> StartAsync(
        IReadOnlyList<string> argv, int width, int height, IReadOnlyDictionary<string, string?>? environment = null)
    {
        RequireTmux();
        var session = new TmuxSession("md-" + Guid.NewGuid().ToString("N")[..12]);
        // env takes its -u options before any NAME=value.
        var variables = environment ?? new Dictionary<string, string?>();
        var env = new List<string> { "env" };
        env.AddRange(variables.Where(v => v.Value is null).SelectMany(v => (string[])["-u", v.Key]));
        env.AddRange(variables.Where(v => v.Value is not null).Select(v => $"{v.Key}={v.Value}"));

        // The pane's process is the shell (exec'd by env); the program is its only child, and gets the pane's
        // hang-up with it when the session is killed.
        string[] shell = ["/bin/sh", "-c", "\"$@\"; echo $? > \"$0\"", session._statusFile];
        var command = "exec " + string.Join(' ', env.Concat(shell).Concat(argv).Select(Quote));
        session._command = command;
        try
        {
            await session.TmuxAsync(
                "new-session", "-d", "-s", session.Name, "-x", Num(width), "-y", Num(height), command,
                ";", "set-option", "-t", session.Name, "remain-on-exit", "on");
            var answer = (await session.TmuxAsync("display-message", "-p", "-t", session.Name, "#{pane_pid} #{socket_path}")).Trim();
            var space = answer.IndexOf(' ', StringComparison.Ordinal);
            session._pid = int.Parse(answer[..space], CultureInfo.InvariantCulture);
            session._socketPath = answer[(space + 1)..];
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keys by tmux name ("Enter", "Escape", "C-l", "j").</summary>
    public Task SendKeysAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", Name, .. keys]);

    /// <summary>Text typed as it is, character by character.</summary>
    public Task TypeAsync(string text) => TmuxAsync("send-keys", "-t", Name, "-l", text);

    /// <summary>The screen as text, one line per row.</summary>
    public Task<string> CaptureAsync() => TmuxAsync("capture-pane", "-p", "-t", Name);

    /// <summary>The screen's rows.</summary>
    public async Task<string[]> RowsAsync() => (await CaptureAsync()).Split('\n');

    public Task ResizeAsync(int width, int height) => TmuxAsync("resize-window", "-t", Name, "-x", Num(width), "-y", Num(height));

    /// <summary>The program's exit status once it has ended (128 + n for signal n), else null.</summary>
    public int? ExitStatus
    {
        get
        {
            try
            {
                return int.TryParse(File.ReadAllText(_statusFile).Trim(), CultureInfo.InvariantCulture, out var status) ? status : null;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>Waits for the program to end and returns its exit status.</summary>
    public async Task<int> ExitAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        while (ExitStatus is null)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"the program did not exit within {limit.TotalSeconds:0} s; the screen:\n{Framed(await CaptureAsync())}");
            }

            await Task.Delay(50);
        }

        return ExitStatus.Value;
    }

    /// <summary>Polls the screen until <paramref name="condition"/> holds; fails with the last screen after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, string because, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var screen = await CaptureAsync();
            if (condition(screen))
            {
                return screen;
            }

            // A program that has exited will not change the screen any more: say so now, not at the deadline.
            var status = ExitStatus;
            if (status is not null || DateTime.UtcNow > deadline)
            {
                var why = status is not null ? $"the program exited with status {status}" : $"not within {limit.TotalSeconds:0} s";
                throw new XunitException($"the screen did not show {because}: {why}; it shows:\n{Framed(await CaptureAsync())}\ncommand: {_command}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls the screen until it contains <paramref name="text"/>.</summary>
    public Task<string> WaitForTextAsync(string text, TimeSpan? timeout = null)
        => WaitForAsync(s => s.Contains(text, StringComparison.Ordinal), $"\"{text}\"", timeout);

    /// <summary>The screen with a border, so trailing spaces and empty rows show in a failure message.</summary>
    public static string Framed(string screen) => string.Join('\n', screen.TrimEnd('\n').Split('\n').Select(l => "|" + l));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync("kill-session", "-t", Name);
        }
        catch (Exception ex) when (ex is XunitException or TimeoutException or InvalidOperationException)
        {
            // Already gone (or tmux never started it); the pid below is the last word.
        }

        if (_pid is { } pid)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                // kill-session hangs up the shell and the program; if they ignore it, the tree is killed outright.
                if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (ArgumentException)
            {
                // It has exited.
            }
        }

        // The server left with its last session, but tmux leaves the socket file behind.
        foreach (var file in (string?[])[_socketPath, _statusFile])
        {
            try
            {
                if (file is not null)
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // Litter in the temporary folder, nothing worse.
            }
        }
    }

    private Task<string> TmuxAsync(params string[] args) => TmuxAsync((IReadOnlyList<string>)args);

    private async Task<string> TmuxAsync(IReadOnlyList<string> args)
    {
        var result = await ProcessRunner.RunAsync("tmux", ["-L", _socket, .. args], timeout: CommandTimeout);
        if (result.ExitCode != 0)
        {
            throw new XunitException($"tmux {string.Join(' ', args)}: {result}");
        }

        return result.Stdout;
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

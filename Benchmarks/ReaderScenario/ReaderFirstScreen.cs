using System.Diagnostics;
using System.Globalization;
using Maildriver.Benchmarks.Processes;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ReaderScenario;

/// <summary>
/// The reader as a user starts it: <c>maildriver --gateway … --user … --password …</c> in a real terminal (a tmux
/// pane of 80×24 on a tmux server of its own), timed from starting the process to the first screen showing the
/// letter list with its count, then left with <c>q</c>. One untimed start warms the disk cache.
/// </summary>
internal static class ReaderFirstScreen
{
    private const string Scenario = "reader/first-screen";
    private const double TargetSeconds = 1.5;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <param name="cli">The CLI to start: the published one a user of the local cluster runs, or the build output.</param>
    /// <param name="which">How the figures name it.</param>
    /// <param name="target">Whether the issue's target applies to these figures.</param>
    public static async Task RunAsync(BuiltExecutable cli, string which, bool target, IReadOnlyList<string> gateways, string user, string password, int letters, int runs, string folder, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var socket = "maildriver-bench-" + Guid.NewGuid().ToString("N")[..8];
        var command = new List<string> { "env", "-u", "MAILDRIVER_GATEWAYS", "-u", "MAILDRIVER_USER", "-u", "MAILDRIVER_PASSWORD", cli.Launcher ?? "dotnet" };
        if (cli.Launcher is null)
        {
            command.Add(cli.AssemblyPath);
        }

        command.AddRange(["--gateway", string.Join(',', gateways), "--user", user, "--password", password]);
        var expected = string.Create(CultureInfo.InvariantCulture, $"{letters} letters");
        report.Progress.WriteLine($"{Scenario}: maildriver ({which}) started in a tmux pane {runs} times after 1 untimed, until the list shows \"{expected}\"");
        var seconds = new List<double>();
        try
        {
            for (var run = 0; run <= runs; run++)
            {
                var session = $"r{run}";
                var clock = Stopwatch.StartNew();
                await TmuxAsync(socket, folder, cancellationToken, ["new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", folder, .. command]).ConfigureAwait(false);
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var screen = await TmuxAsync(socket, folder, cancellationToken, "capture-pane", "-p", "-t", session).ConfigureAwait(false) ?? string.Empty;
                    if (screen.Contains(expected, StringComparison.Ordinal) && screen.Contains("connected", StringComparison.Ordinal))
                    {
                        break;
                    }

                    if (clock.Elapsed > Limit)
                    {
                        throw new TimeoutException($"the reader showed no \"{expected}\" within {Limit.TotalSeconds} s; the screen:\n{screen}");
                    }
                }

                if (run > 0)
                {
                    seconds.Add(clock.Elapsed.TotalSeconds);
                }

                await TmuxAsync(socket, folder, cancellationToken, "send-keys", "-t", session, "q").ConfigureAwait(false);
                await WaitGoneAsync(socket, folder, session, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The tmux server is this run's own (its own socket): ending it ends any reader still in it.
            await TmuxAsync(socket, folder, CancellationToken.None, "kill-server").ConfigureAwait(false);
        }

        seconds.Sort();
        var note = $"wall time from starting the process in a tmux pane (80x24) to the pane showing the list (\"{expected}\", connected), polled with capture-pane; "
                   + $"{cli.Launcher ?? "dotnet " + Path.GetFileName(cli.AssemblyPath)}; login, Hello and the full receive of {letters} letters from three machines included";
        report.Add(new Measurement(Scenario, $"command to first screen of letters, {which}, median", seconds[seconds.Count / 2], "s", target ? Target.AtMost(TargetSeconds) : null, note));
        report.Add(new Measurement(Scenario, $"command to first screen of letters, {which}, slowest", seconds[^1], "s", Note: note));
    }

    private static async Task WaitGoneAsync(string socket, string folder, string session, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (await TmuxAsync(socket, folder, cancellationToken, "has-session", "-t", session).ConfigureAwait(false) is not null)
        {
            if (clock.Elapsed > Limit)
            {
                throw new TimeoutException($"the reader in {session} did not leave on q");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    // Runs tmux on the run's own socket; returns its output, or null when it exited with an error.
    private static async Task<string?> TmuxAsync(string socket, string folder, CancellationToken cancellationToken, params string[] arguments)
    {
        var info = new ProcessStartInfo("tmux") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(socket);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("tmux did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0 ? await output.ConfigureAwait(false) : null;
    }
}

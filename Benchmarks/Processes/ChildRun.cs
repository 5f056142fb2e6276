using System.Diagnostics;

namespace Maildriver.Benchmarks.Processes;

/// <summary>A short-lived child process run to its end: how it exited, what it wrote, and how long it took from start to exit.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">Everything it wrote on standard output.</param>
/// <param name="Stderr">Everything it wrote on standard error.</param>
/// <param name="Wall">From just before the process was started until it had exited.</param>
public sealed record ChildRun(int ExitCode, string Stdout, string Stderr, TimeSpan Wall)
{
    /// <summary>
    /// Runs <paramref name="info"/> (output redirected) and waits for it to exit, at most <paramref name="limit"/>; a
    /// child still running then, or when <paramref name="cancellationToken"/> is cancelled, is killed by its pid.
    /// </summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="limit"/>.</exception>
    public static async Task<ChildRun> RunAsync(ProcessStartInfo info, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        using var process = new Process { StartInfo = info };
        var start = Stopwatch.GetTimestamp();
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (ex is TimeoutException)
            {
                throw new TimeoutException($"{Path.GetFileName(info.FileName)} {string.Join(' ', info.ArgumentList)} ran longer than {limit.TotalSeconds:0} s; killed");
            }

            throw;
        }

        var wall = Stopwatch.GetElapsedTime(start);
        return new ChildRun(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), wall);
    }
}

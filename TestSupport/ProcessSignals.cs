namespace Maildriver.TestSupport;

/// <summary>Signals .NET cannot send by itself: Process.Kill is always SIGKILL.</summary>
public static class ProcessSignals
{
    /// <summary>
    /// SIGTERM, the orderly stop a service manager sends, through the system's <c>kill</c> command (a P/Invoke to
    /// libc would need the library's exact file name, which differs between glibc, musl and macOS).
    /// </summary>
    public static async Task TerminateAsync(int pid)
    {
        var result = await ProcessRunner.RunAsync("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {pid} failed: {result}");
        }
    }
}

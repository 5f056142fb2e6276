using System.Diagnostics;

namespace Maildriver.TestSupport;

/// <summary>Runs a short-lived process to completion, with a deadline after which its whole tree is killed.</summary>
public static class ProcessRunner
{
    /// <param name="fileName">The executable.</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell quoting).</param>
    /// <param name="stdin">Written to its standard input, which is then closed; null closes it at once.</param>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    /// <param name="timeout">How long it may run; 60 s when omitted.</param>
    /// <param name="workingDirectory">Where it runs; the current directory when omitted.</param>
    /// <exception cref="TimeoutException">It did not exit in time; it has been killed, and the message shows its output so far.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? stdin = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? [])
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        ChildProcesses.Track(process);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                if (stdin is not null)
                {
                    await process.StandardInput.WriteAsync(stdin);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited without reading its input; its exit code and output say why.
            }

            var limit = timeout ?? TimeSpan.FromSeconds(60);
            using var deadline = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                ChildProcesses.KillTree(process);
                await process.WaitForExitAsync();
                throw new TimeoutException(
                    $"{fileName} {string.Join(' ', info.ArgumentList)} did not exit within {limit.TotalSeconds:0} s and was killed\n"
                    + new ProcessResult(process.ExitCode, await stdout, await stderr));
            }

            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            // Covers a test that fails between start and exit (e.g. an exception writing stdin).
            ChildProcesses.KillTree(process);
            ChildProcesses.Forget(process);
        }
    }
}

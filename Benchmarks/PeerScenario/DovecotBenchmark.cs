using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Maildriver.Benchmarks.Load;
using Maildriver.Benchmarks.Reporting;
using Maildriver.TestSupport;

namespace Maildriver.Benchmarks.PeerScenario;

/// <summary>
/// Dovecot's LMTP delivery, the reference Maildriver is compared with, measured in the same run on the same box
/// by <c>peers/dovecot.sh</c>: it installs the Debian packages if needed, runs its own Dovecot on 127.0.0.1 from a
/// scratch folder, runs the workloads with Postfix's smtp-source, stops its Dovecot by pid, and prints the figures
/// as JSON. Its progress lines are passed through.
/// </summary>
public static class DovecotBenchmark
{
    private const string Scenario = "dovecot";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    /// <summary>Runs the script and records its figures in <see cref="BenchmarkReport.Dovecot"/>.</summary>
    /// <exception cref="InvalidOperationException">The script failed (its last lines say why).</exception>
    public static async Task RunAsync(DovecotBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var script = options.ScriptPath ?? Path.Combine(AppContext.BaseDirectory, "peers", "dovecot.sh");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"the Dovecot peer script is not at {script}", script);
        }

        report.Progress.Step($"{Scenario}: {options.SmallLetters:N0} small letters to one user (1 and {options.Sessions} LMTP sessions), a 100 KB letter to 1,000 users");
        var json = Path.Combine(Path.GetTempPath(), $"dovecot-peer-{Guid.NewGuid():N}.json");
        try
        {
            string[] arguments =
            [
                script,
                "--json", json,
                "--port", LoopbackPorts.One().ToString(CultureInfo.InvariantCulture),
                "--small-letters", options.SmallLetters.ToString(CultureInfo.InvariantCulture),
                "--sessions", options.Sessions.ToString(CultureInfo.InvariantCulture),
                .. options.Install ? Array.Empty<string>() : ["--no-install"],
                .. options.KeepData ? ["--keep"] : Array.Empty<string>(),
            ];
            var machine = MachineLoad.Start();
            await RunScriptAsync(arguments, report.Progress, cancellationToken).ConfigureAwait(false);
            var load = machine.Stop();
            await RecordAsync(json, options, report, cancellationToken).ConfigureAwait(false);
            if (load?.CpuPressure is { } pressure)
            {
                // Dovecot's side of the same caveat the Maildriver figures carry: what the neighbours did meanwhile.
                report.Add(new Measurement(Scenario, "CPU pressure during the script (some task waiting for a core)", pressure * 100, "% of the time",
                    Note: "the whole machine while peers/dovecot.sh ran (Linux /proc/pressure/cpu), installation check included"));
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static async Task RunScriptAsync(string[] arguments, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        var tail = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            progress.WriteLine("  " + e.Data);
            lock (tail)
            {
                tail.Enqueue(e.Data);
                if (tail.Count > 10)
                {
                    tail.Dequeue();
                }
            }
        };
        process.OutputDataReceived += (_, _) =>
        {
            // The same JSON as the file: read from there.
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process).ConfigureAwait(false);
            throw;
        }

        if (process.ExitCode != 0)
        {
            string last;
            lock (tail)
            {
                last = string.Join(Environment.NewLine, tail);
            }

            throw new InvalidOperationException($"peers/dovecot.sh exited with {process.ExitCode}:{Environment.NewLine}{last}");
        }
    }

    // SIGTERM, not Process.Kill's SIGKILL: the script's trap must run to stop its Dovecot and remove its folder.
    internal static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task RecordAsync(string json, DovecotBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json, cancellationToken).ConfigureAwait(false));
        var root = document.RootElement;
        double Get(string key) => root.GetProperty(key).GetDouble();
        var version = root.GetProperty("version").GetString();
        var bulkRecipients = root.GetProperty("bulkRecipients").GetInt32();
        var bulkBytes = root.GetProperty("bulkLetterBytes").GetInt32();

        report.Dovecot.SmallPerSecond = Get("smallPerSecond");
        report.Dovecot.SmallPerSecond4Sessions = Get("smallPerSecond4Sessions");
        if (bulkRecipients == 1000 && bulkBytes == 102_400)
        {
            report.Dovecot.Bulk1000Seconds = Get("bulk1000Seconds");
            report.Dovecot.BulkBytes = Get("bulkBytes");
        }

        var note = $"Dovecot {version}, LMTP on 127.0.0.1, Maildir, mail_fsync = optimized (the Debian defaults), driven by smtp-source -L -d; one untimed letter of the same size to the same users before each workload; the bulk figure is the median letter's";
        report.Add(new Measurement(Scenario, $"{options.SmallLetters:N0} small letters to one user, 1 session", Get("smallPerSecond"), "letters/s", Note: note));
        report.Add(new Measurement(Scenario, $"{options.SmallLetters:N0} small letters to one user, {options.Sessions} sessions", Get("smallPerSecond4Sessions"), "letters/s", Note: note));
        var each = root.GetProperty("bulkSecondsEach").EnumerateArray().Select(e => e.GetDouble()).ToList();
        for (var i = 0; i < each.Count; i++)
        {
            report.Add(new Measurement(Scenario, $"letter {i + 1}: one {bulkBytes / 1024} KB letter to {bulkRecipients:N0} users, one transaction", each[i], "s", Note: note));
        }

        report.Add(new Measurement(Scenario, $"one {bulkBytes / 1024} KB letter to {bulkRecipients:N0} users, one transaction (median letter)", Get("bulk1000Seconds"), "s", Note: note));
        report.Add(new Measurement(Scenario, "  recipients delivered per second", bulkRecipients / Get("bulk1000Seconds"), "rcpt/s", Note: note));
        report.Add(new Measurement(Scenario, "  bytes the mail folder grew by per letter (du --apparent-size)", Get("bulkBytes"), "B",
            Note: note + "; du counts a hard-linked file once: Dovecot links the copies one transaction delivers"));
        report.Add(new Measurement(Scenario, "  the same, allocated blocks (du)", Get("bulkBytesAllocated"), "B", Note: note));
        report.Add(new Measurement(Scenario, "  links to the letter's file", Get("bulkLetterLinks"), "links", Note: note));
    }
}

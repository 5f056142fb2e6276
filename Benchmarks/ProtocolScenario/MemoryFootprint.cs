using System.Diagnostics;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// Peak memory per silo with a realistic store: many letters spread over many users, sent through all gateways
/// with many in flight, delivered everywhere; then each silo's VmHWM (the most it ever held resident, the whole
/// run so far included) and its database size.
/// </summary>
public static class MemoryFootprint
{
    private const string Scenario = "protocol/memory";
    private const int InFlight = 64;

    /// <summary>Sends the letters, waits until every machine has them, and reads each silo's memory.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var users = accounts.BulkUsers.Take(options.MemoryUsers).ToList();
        report.Progress.WriteLine($"{Scenario}: {options.MemoryLetters:N0} letters for {users.Count:N0} users, {InFlight} in flight over all gateways, then each silo's peak memory");

        var clock = Stopwatch.StartNew();
        var retries = 0;
        await using (var counter = report.Progress.Count("letters acknowledged", options.MemoryLetters))
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, options.MemoryLetters),
                new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var sender = accounts.Senders[i % accounts.Senders.Count];
                    var request = new SendRequest([users[i % users.Count]], "memory", LetterBody.Small, $"mem-{i}");
                    await PersistentSend.SendAsync(sender.Server, sender.Token, request, _ => Interlocked.Increment(ref retries), ct).ConfigureAwait(false);
                    counter.Add();
                }).ConfigureAwait(false);
        }

        var sent = clock.Elapsed;
        await cluster.QuietAsync().ConfigureAwait(false);
        var quiet = clock.Elapsed;
        var note = $"{options.MemoryLetters:N0} letters of 512 bytes, letter i to user i mod {users.Count:N0}, {InFlight} in flight through all three gateways"
                   + (retries == 0 ? string.Empty : $"; {retries} failed attempts repeated");
        report.Add(new Measurement(Scenario, $"send {options.MemoryLetters:N0} letters", options.MemoryLetters / sent.TotalSeconds, "sends/s", Note: note));
        report.Add(new Measurement(Scenario, "then until every machine has them", (quiet - sent).TotalSeconds, "s", Note: note));

        const string memoryNote = "Linux /proc/PID/status of each silo process: VmHWM (peak resident set since it started, so over the whole run up to here) and VmRSS (now)";
        var peaks = new List<double>();
        var processes = cluster.Processes.Where(p => p.Name != Load.CpuUse.ClientName).ToList();
        foreach (var (name, process) in processes)
        {
            if (SiloMemory.Read(process.Id) is not { } memory)
            {
                continue;
            }

            peaks.Add(memory.PeakBytes / (1024.0 * 1024));
            report.Add(new Measurement(Scenario, $"{name} peak RSS (VmHWM)", memory.PeakBytes / (1024.0 * 1024), "MiB", Note: memoryNote));
            report.Add(new Measurement(Scenario, $"{name} RSS now", memory.CurrentBytes / (1024.0 * 1024), "MiB", Note: memoryNote));
            report.Add(new Measurement(Scenario, $"{name} database in use", StoreSize.BytesInUse(cluster.DatabasePath(cluster.IndexOf(name))) / (1024.0 * 1024), "MiB",
                Note: "pages in use in the machine's SQLite database (every letter stored so far in the run)"));
        }

        if (peaks.Count > 0 && options.MemoryLetters == 100_000 && options.MemoryUsers == 10_000)
        {
            report.Maildriver.PeakRssMb = peaks.Max();
        }
    }
}

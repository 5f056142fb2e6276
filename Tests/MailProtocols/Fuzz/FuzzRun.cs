using System.Globalization;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>What every fuzz test shares: the seed (<c>MAILDRIVER_FUZZ_SEED</c> repeats a run) and the fuzzing of one port.</summary>
public static class FuzzRun
{
    /// <summary>
    /// Runs <paramref name="fuzz"/> with a fresh seed, or the one in <c>MAILDRIVER_FUZZ_SEED</c>; a failure names the
    /// seed and carries <paramref name="logs"/>.
    /// </summary>
    public static async Task WithSeedAsync(ITestOutputHelper output, Func<int, Task> fuzz, Func<string> logs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(fuzz);
        ArgumentNullException.ThrowIfNull(logs);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MAILDRIVER_FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed}");
        try
        {
            await fuzz(seed);
        }
        catch (Exception ex)
        {
            throw new XunitException($"fuzz seed {seed} (MAILDRIVER_FUZZ_SEED={seed} repeats the run) failed: {ex}\n{logs()}");
        }
    }

    /// <summary>One connection after another on <paramref name="port"/> until <paramref name="lines"/> lines were sent; returns how many were.</summary>
    public static async Task<int> PortAsync(int port, IFuzzScript script, Random random, int lines)
    {
        var sent = 0;
        while (sent < lines)
        {
            sent += await FuzzClient.RunAsync(port, script, random, random.Next(10, 120));
        }

        return sent;
    }
}

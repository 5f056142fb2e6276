using Maildriver.Benchmarks.Reporting;
using Maildriver.Benchmarks.RuntimeScenario;

namespace Maildriver.Tests.Benchmarks;

/// <summary>
/// The runtime scenario at toy sizes: two toy silo processes start, the caller grains reach the target silo, every
/// part gives a figure, no call fails, and no toy silo outlives the run.
/// </summary>
public sealed class RuntimeScenarioTests
{
    [Fact]
    public async Task EveryPartMeasuresOnTwoToySiloProcessesAndStopsThem()
    {
        var report = new BenchmarkReport(new ProgressDisplay(TextWriter.Null, live: false));
        var options = new RuntimeBenchmarkOptions
        {
            InSiloCalls = 2_000,
            InSiloWarmupCalls = 500,
            Callers = 4,
            Warmup = TimeSpan.FromMilliseconds(300),
            Duration = TimeSpan.FromMilliseconds(500),
        };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await RuntimeBenchmark.RunAsync(options, report, limit.Token);

        double Figure(string scenario, string name) => report.Measurements.Single(m => m.Scenario == scenario && m.Name == name).Value;
        Assert.True(Figure("runtime/in-silo", "grain→grain median call") > 0);
        Assert.True(Figure("runtime/cross-silo", "throughput") > 0);
        Assert.True(Figure("runtime/client-to-silo", "throughput, 1 caller") > 0);
        Assert.True(Figure("runtime/client-to-silo", "throughput, 4 callers") > 0);
        Assert.DoesNotContain(report.Measurements, m => m.Name.StartsWith("failed calls", StringComparison.Ordinal));
        Assert.Empty(ToySilosOfThisProcess());
    }

    // Children of this test process still running in toy-silo mode.
    private static IEnumerable<int> ToySilosOfThisProcess()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string cmdline;
            string status;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                status = File.ReadAllText(Path.Combine(dir, "status"));
            }
            catch (IOException)
            {
                continue;
            }

            var parent = status.Split('\n').FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal))?[5..].Trim();
            if (parent == self && cmdline.Contains("toy-silo", StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }
}

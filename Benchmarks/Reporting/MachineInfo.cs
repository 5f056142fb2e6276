using System.Runtime.InteropServices;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>What the figures were measured on: they mean little without it.</summary>
/// <param name="ProcessorCount">Logical processors available to this process.</param>
/// <param name="CpuModel">The CPU model, from <c>/proc/cpuinfo</c> where there is one.</param>
/// <param name="OperatingSystem">The operating system.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="LoadAverageAtStart">The 1, 5 and 15 minute load averages as the run started (<c>/proc/loadavg</c>): on a
/// shared machine, how much else was running.</param>
public sealed record MachineInfo(int ProcessorCount, string CpuModel, string OperatingSystem, string Runtime, DateTimeOffset StartedAt, string LoadAverageAtStart)
{
    /// <summary>Describes this machine now.</summary>
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        DateTimeOffset.UtcNow,
        LoadAverage());

    /// <summary>The 1, 5 and 15 minute load averages now, or "n/a" where the system does not say.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}

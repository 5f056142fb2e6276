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
/// <param name="MemoryBytes">Physical memory (<c>/proc/meminfo</c> MemTotal), or 0 where the system does not say.</param>
public sealed record MachineInfo(int ProcessorCount, string CpuModel, string OperatingSystem, string Runtime, DateTimeOffset StartedAt, string LoadAverageAtStart, long MemoryBytes)
{
    /// <summary>Describes this machine now.</summary>
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        DateTimeOffset.UtcNow,
        LoadAverage(),
        ReadMemory());

    /// <summary>The machine in one line, e.g. <c>2 cores, AMD EPYC, 23.5 GiB, Debian GNU/Linux 12 (bookworm), .NET 10.0.12</c>.</summary>
    public string Describe()
    {
        var memory = MemoryBytes > 0 ? FormattableString.Invariant($"{MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, ") : string.Empty;
        return $"{ProcessorCount} cores, {CpuModel}, {memory}{OperatingSystem}, {Runtime}";
    }

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

    private static long ReadMemory()
    {
        try
        {
            // "MemTotal:       24684092 kB"
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kilobytes is null ? 0 : long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
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

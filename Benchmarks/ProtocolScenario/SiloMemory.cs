using System.Globalization;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>A process's resident memory as Linux reports it in <c>/proc/PID/status</c>.</summary>
/// <param name="PeakBytes">VmHWM: the most it has ever held resident since it started.</param>
/// <param name="CurrentBytes">VmRSS: what it holds now.</param>
public sealed record SiloMemory(long PeakBytes, long CurrentBytes)
{
    /// <summary>Reads process <paramref name="pid"/>'s memory, or null where the system does not say (not Linux, gone).</summary>
    public static SiloMemory? Read(int pid)
    {
        try
        {
            long? peak = null;
            long? current = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                // "VmHWM:	  123456 kB"
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    current = Kilobytes(line);
                }
            }

            return peak is { } p && current is { } c ? new SiloMemory(p * 1024, c * 1024) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line)
        => long.Parse(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

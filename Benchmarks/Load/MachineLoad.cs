using System.Globalization;

namespace Maildriver.Benchmarks.Load;

/// <summary>
/// The whole machine between two moments, from Linux's own counters: how busy all its cores were (every process,
/// ours and everyone else's), how much time the hypervisor took (steal), and the pressure-stall shares (the time
/// some runnable task waited for a core, or some task waited on I/O). On a shared machine these tell whether a
/// figure was set by Maildriver or by its neighbours.
/// </summary>
public sealed class MachineLoad
{
    private readonly Counters? _start;

    private MachineLoad(Counters? start) => _start = start;

    /// <summary>Starts measuring; where the system does not say, <see cref="Stop"/> returns null.</summary>
    public static MachineLoad Start() => new(Counters.Read());

    /// <summary>The shares since the start, each 0 to 1 (of all cores for busy and steal, of the wall time for pressure).</summary>
    public MachineLoadUse? Stop()
    {
        if (_start is null || Counters.Read() is not { } end)
        {
            return null;
        }

        var ticks = end.TotalTicks - _start.TotalTicks;
        var wallMicros = (end.Taken - _start.Taken).TotalMicroseconds;
        if (ticks <= 0 || wallMicros <= 0)
        {
            return null;
        }

        return new MachineLoadUse(
            (double)(end.BusyTicks - _start.BusyTicks) / ticks,
            (double)(end.StealTicks - _start.StealTicks) / ticks,
            end.CpuStallMicros is { } c && _start.CpuStallMicros is { } c0 ? (c - c0) / wallMicros : null,
            end.IoStallMicros is { } i && _start.IoStallMicros is { } i0 ? (i - i0) / wallMicros : null);
    }

    private sealed record Counters(long BusyTicks, long StealTicks, long TotalTicks, long? CpuStallMicros, long? IoStallMicros, DateTimeOffset Taken)
    {
        public static Counters? Read()
        {
            try
            {
                // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": guest time is already in user.
                var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                    .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                var idle = fields[3] + fields[4];
                var total = fields.Sum();
                return new Counters(total - idle - fields[7], fields[7], total, Stall("cpu"), Stall("io"), DateTimeOffset.UtcNow);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
            {
                return null;
            }
        }

        // "some avg10=… avg60=… avg300=… total=MICROSECONDS" in /proc/pressure/<resource>, where the kernel has PSI.
        private static long? Stall(string resource)
        {
            try
            {
                var some = File.ReadLines($"/proc/pressure/{resource}").First(l => l.StartsWith("some", StringComparison.Ordinal));
                var total = some.Split(' ').First(f => f.StartsWith("total=", StringComparison.Ordinal));
                return long.Parse(total["total=".Length..], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}

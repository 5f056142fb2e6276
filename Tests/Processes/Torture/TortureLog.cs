using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The run's own story (kills, restarts, status changes, refusals), stamped with seconds since the start so it
/// can be laid next to the silo logs. It goes to the test output and to <c>torture.log</c> in the cluster folder,
/// which <c>MAILDRIVER_KEEP_TEST_FOLDERS=1</c> keeps with the silo logs.
/// </summary>
public sealed class TortureLog(ITestOutputHelper output, string path)
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _closed;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Write(string line)
    {
        var stamped = string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:0.0}s {DateTime.UtcNow:HH:mm:ss.fff}] {line}");
        lock (_gate)
        {
            try
            {
                File.AppendAllText(path, stamped + "\n");
            }
            catch (IOException)
            {
                // The file is a convenience; the test output has the same line.
            }

            if (!_closed)
            {
                output.WriteLine(stamped);
            }
        }
    }

    /// <summary>The test output refuses lines once the test is over; background loops that outlive it still reach the file.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }
}

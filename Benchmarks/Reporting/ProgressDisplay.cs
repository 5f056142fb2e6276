using System.Diagnostics;
using System.Globalization;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>
/// What the run is doing while it runs: numbered steps with the time since the start, and live counters for the
/// long loads. On a terminal a counter redraws one line in place; into a file or pipe it writes a line now and
/// then instead, so a log stays readable.
/// </summary>
public sealed class ProgressDisplay
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TextWriter _out;
    private readonly bool _live;
    private int _steps;
    private int _step;
    private string? _liveLine;

    /// <summary>Writes to the console, redrawing in place when it is a terminal.</summary>
    public ProgressDisplay()
        : this(Console.Out, live: !Console.IsOutputRedirected)
    {
    }

    /// <summary>Writes to <paramref name="writer"/>; <paramref name="live"/>: redraw counters in place.</summary>
    public ProgressDisplay(TextWriter writer, bool live)
    {
        _out = writer ?? throw new ArgumentNullException(nameof(writer));
        _live = live;
    }

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

    /// <summary>Says how many steps the run has, for the "3/9" in each step's line.</summary>
    public void Plan(int steps)
    {
        lock (_lock)
        {
            _steps = steps;
            _step = 0;
        }
    }

    /// <summary>Starts the next step.</summary>
    public void Step(string what)
    {
        string line;
        lock (_lock)
        {
            _step++;
            var of = _steps > 0 ? $" {_step}/{_steps}" : string.Empty;
            line = $"[{Clock(Elapsed)}]{of} {what}";
        }

        WriteLine(line);
    }

    /// <summary>Writes a line, keeping a live counter (if any) below it.</summary>
    public void WriteLine(string line)
    {
        lock (_lock)
        {
            if (_liveLine is not null)
            {
                _out.Write("\r\u001b[K");
            }

            _out.WriteLine(line);
            if (_liveLine is not null)
            {
                _out.Write(_liveLine);
            }

            _out.Flush();
        }
    }

    /// <summary>
    /// A counter for a load of <paramref name="total"/> items (null: open-ended) shown as <paramref name="what"/>;
    /// dispose it when the load ends.
    /// </summary>
    public ProgressCounter Count(string what, long? total) => new(this, what, total, _live ? TerminalInterval : LogInterval);

    internal void Show(string text, bool final)
    {
        lock (_lock)
        {
            if (_live)
            {
                _out.Write("\r\u001b[K" + text);
                _liveLine = final ? null : text;
                if (final)
                {
                    _out.WriteLine();
                }
            }
            else
            {
                _out.WriteLine(text);
            }

            _out.Flush();
        }
    }

    internal static string Clock(TimeSpan elapsed)
        => elapsed.ToString(elapsed.TotalHours >= 1 ? @"h\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture);
}

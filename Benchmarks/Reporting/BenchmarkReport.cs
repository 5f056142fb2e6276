using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>Collects the figures of a run, prints them as a table and writes them as JSON.</summary>
public sealed class BenchmarkReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // NaN (a figure that could not be measured) is written rather than failing the whole report.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly List<Measurement> _measurements = [];
    private readonly Lock _lock = new();

    /// <summary>The machine the run is on.</summary>
    public MachineInfo Machine { get; } = MachineInfo.Current();

    /// <summary>The figures so far, in the order they were measured.</summary>
    public IReadOnlyList<Measurement> Measurements
    {
        get
        {
            lock (_lock)
            {
                return [.. _measurements];
            }
        }
    }

    /// <summary>Records a figure and echoes it as a progress line.</summary>
    public void Add(Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        lock (_lock)
        {
            _measurements.Add(measurement);
        }

        Console.WriteLine($"  {measurement.Scenario}: {measurement.Name} = {Format(measurement.Value)} {measurement.Unit}{Verdict(measurement, " ")}");
    }

    /// <summary>Prints every figure as a table, each next to its target.</summary>
    public void Print(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var rows = Measurements.Select(m => new[]
        {
            m.Scenario,
            m.Name,
            Format(m.Value) + " " + m.Unit,
            m.Target is null ? string.Empty : m.Target.Describe() + " " + m.Unit,
            Verdict(m, string.Empty),
        }).ToList();
        string[] header = ["scenario", "measurement", "value", "target", "result"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();

        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.ProcessorCount} logical CPUs, {Machine.CpuModel}; {Machine.OperatingSystem}; {Machine.Runtime}; {Machine.StartedAt:yyyy-MM-dd HH:mm} UTC; load average {Machine.LoadAverageAtStart} at start, {MachineInfo.LoadAverage()} at end");
        text.AppendLine();
        AppendRow(text, header, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        foreach (var note in Measurements.Where(m => m.Note is not null).Select(m => $"{m.Scenario}: {m.Note}").Distinct())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  * {note}");
        }

        writer.Write(text.ToString());
    }

    /// <summary>Writes the machine and every figure to <paramref name="path"/> as JSON.</summary>
    public async Task WriteJsonAsync(string path, object options, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var document = new { Machine, LoadAverageAtEnd = MachineInfo.LoadAverage(), Options = options, Measurements };
        await using var stream = File.Create(full);
        await JsonSerializer.SerializeAsync(stream, document, JsonOptions, cancellationToken).ConfigureAwait(false);
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            // Figures line up on the right, words on the left.
            var cell = i is 2 or 3 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
            text.Append(i == 0 ? string.Empty : "  ").Append(cell);
        }

        text.Append('\n');
    }

    private static string Verdict(Measurement m, string prefix) => m.Pass switch
    {
        true => prefix + "PASS",
        false => prefix + "MISS",
        null => string.Empty,
    };

    private static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }

        var magnitude = Math.Abs(value);
        if (magnitude < 1000 && value == Math.Round(value))
        {
            // Counts read better without decimals.
            return value.ToString("0", CultureInfo.InvariantCulture);
        }

        var format = magnitude >= 1000 ? "#,0" : magnitude >= 100 ? "0.0" : magnitude >= 10 ? "0.00" : "0.000";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}

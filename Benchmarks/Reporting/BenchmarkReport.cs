using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>
/// Collects the figures of a run, shows progress while it runs, prints them as Markdown tables (Maildriver beside
/// Dovecot, the headline figures, every measurement) and writes them as JSON.
/// </summary>
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

    /// <summary>A report whose progress goes to the console.</summary>
    public BenchmarkReport()
        : this(new ProgressDisplay())
    {
    }

    /// <summary>A report whose progress goes to <paramref name="progress"/>.</summary>
    public BenchmarkReport(ProgressDisplay progress) => Progress = progress ?? throw new ArgumentNullException(nameof(progress));

    /// <summary>The machine the run is on.</summary>
    public MachineInfo Machine { get; } = MachineInfo.Current();

    /// <summary>Where the scenarios say what they are doing.</summary>
    public ProgressDisplay Progress { get; }

    /// <summary>Maildriver's headline figures, set by the scenarios that measure them.</summary>
    public MaildriverFigures Maildriver { get; } = new();

    /// <summary>Dovecot's figures, set by the peer scenario.</summary>
    public DovecotFigures Dovecot { get; } = new();

    /// <summary>Maildriver's figures for Dovecot's own workloads.</summary>
    public MatchedFigures Matched { get; } = new();

    /// <summary>Issue 17's IMAP, IDLE and SMTP figures, both sides.</summary>
    public ImapFigures Imap { get; } = new();

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

        Progress.WriteLine($"  {measurement.Scenario}: {measurement.Name} = {FigureFormat.Number(measurement.Value)} {measurement.Unit}{Verdict(measurement, " ")}");
    }

    /// <summary>Prints the comparison with Dovecot (when either side has figures), the headline figures and every measurement, as Markdown.</summary>
    public void Print(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}; {Machine.StartedAt:yyyy-MM-dd HH:mm} UTC; load average {Machine.LoadAverageAtStart} at start, {MachineInfo.LoadAverage()} at end; run took {ProgressDisplay.Clock(Progress.Elapsed)}");
        text.AppendLine();
        if (Maildriver.SendsPerSecond is not null || Dovecot.SmallPerSecond is not null)
        {
            text.AppendLine("Maildriver beside Dovecot (same box, same run):");
            text.AppendLine();
            text.Append(ComparisonTable.Build(Maildriver, Dovecot, Matched));
            text.AppendLine();
        }

        if (Imap.Measured)
        {
            text.AppendLine("IMAP beside Dovecot (issue 17; same box, same run):");
            text.AppendLine();
            text.Append(ImapComparisonTable.Build(Imap));
            text.AppendLine();
        }

        text.AppendLine("Headline figures (the --json keys):");
        text.AppendLine();
        text.Append(KeyFigureTable.Build(Maildriver, Dovecot));
        text.AppendLine();
        text.AppendLine("Every measurement:");
        text.AppendLine();
        var table = new MarkdownTable(["scenario", "measurement", "value", "target", "result"], 2, 3);
        foreach (var m in Measurements)
        {
            table.Add(
                m.Scenario,
                m.Name,
                FigureFormat.Number(m.Value) + " " + m.Unit,
                m.Target is null ? string.Empty : m.Target.Describe() + " " + m.Unit,
                Verdict(m, string.Empty));
        }

        text.Append(table);
        foreach (var note in Measurements.Where(m => m.Note is not null).Select(m => $"{m.Scenario}: {m.Note}").Distinct())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  * {note}");
        }

        writer.Write(text.ToString());
    }

    /// <summary>The headline figures under their fixed keys (what <c>--json</c> writes).</summary>
    public FigureDocument Figures() => FigureDocument.For(Machine, Maildriver, Dovecot);

    /// <summary>Writes the machine, the options and every measurement to <paramref name="path"/> as JSON.</summary>
    public async Task WriteDetailsAsync(string path, object options, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var document = new { Machine, LoadAverageAtEnd = MachineInfo.LoadAverage(), Options = options, Figures = Figures(), Measurements };
        await using var stream = File.Create(full);
        await JsonSerializer.SerializeAsync(stream, document, JsonOptions, cancellationToken).ConfigureAwait(false);
    }

    private static string Verdict(Measurement m, string prefix) => m.Pass switch
    {
        true => prefix + "PASS",
        false => prefix + "MISS",
        null => string.Empty,
    };
}

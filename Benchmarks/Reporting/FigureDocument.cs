using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>
/// What <c>--json FILE</c> writes: the machine, the date and the headline figures under fixed keys, every key
/// present in every run (null when not measured), so that runs can be compared over time.
/// </summary>
/// <param name="Machine">The machine, in words (cores, CPU, memory, system, runtime).</param>
/// <param name="Date">When the run started, ISO 8601 in UTC.</param>
/// <param name="Maildriver">Maildriver's figures.</param>
/// <param name="Dovecot">Dovecot's figures from the same run.</param>
public sealed record FigureDocument(string Machine, string Date, MaildriverFigures Maildriver, DovecotFigures Dovecot)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new FiniteOrNull() },
    };

    /// <summary>The document for a run on <paramref name="machine"/>.</summary>
    public static FigureDocument For(MachineInfo machine, MaildriverFigures maildriver, DovecotFigures dovecot)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return new FigureDocument(
            machine.Describe(),
            machine.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            maildriver,
            dovecot);
    }

    /// <summary>The document as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes the document to <paramref name="path"/>, creating its folder.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, ToJson() + "\n", cancellationToken).ConfigureAwait(false);
    }

    // A figure that could not be measured (NaN) is null, like one that was not measured at all; the others are
    // rounded to what the measurement can tell.
    private sealed class FiniteOrNull : JsonConverter<double>
    {
        public override bool HandleNull => false;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(Math.Round(value, 4));
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}

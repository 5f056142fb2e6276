using System.Globalization;
using System.Text;

namespace Maildriver.Grains.Diagnostics;

/// <summary>
/// Builds a page in the Prometheus text exposition format (version 0.0.4). Samples may be added in any order;
/// the page groups them by metric family, each after its <c>HELP</c> and <c>TYPE</c> lines, as the format requires.
/// </summary>
public sealed class PrometheusWriter
{
    /// <summary>The content type of the page.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly List<Family> _order = [];

    /// <summary>Adds a sample of a gauge (a value that goes up and down).</summary>
    public void Gauge(string name, string help, double value, params (string Name, string Value)[] labels)
        => GetFamily(name, "gauge", help).Lines.Add(Line(name, labels, value));

    /// <summary>Adds a sample of a counter; <paramref name="name"/> ends in <c>_total</c>.</summary>
    public void Counter(string name, string help, double value, params (string Name, string Value)[] labels)
    {
        if (!name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"counter names end in _total: {name}", nameof(name));
        }

        GetFamily(name[..^"_total".Length], "counter", help).Lines.Add(Line(name, labels, value));
    }

    /// <summary>
    /// Adds one histogram series: <paramref name="cumulative"/> holds, for each upper bound <c>le</c> in ascending
    /// order, how many observations were at most that; <c>+Inf</c>, <c>_sum</c> and <c>_count</c> are added.
    /// </summary>
    public void Histogram(
        string name,
        string help,
        IReadOnlyList<(double Le, long Count)> cumulative,
        long count,
        double sum,
        params (string Name, string Value)[] labels)
    {
        var family = GetFamily(name, "histogram", help);
        foreach (var (le, n) in cumulative)
        {
            family.Lines.Add(Line(name + "_bucket", [.. labels, ("le", Number(le))], n));
        }

        family.Lines.Add(Line(name + "_bucket", [.. labels, ("le", "+Inf")], count));
        family.Lines.Add(Line(name + "_sum", labels, sum));
        family.Lines.Add(Line(name + "_count", labels, count));
    }

    /// <summary>The page.</summary>
    public override string ToString()
    {
        var page = new StringBuilder();
        foreach (var family in _order)
        {
            page.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            page.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            foreach (var line in family.Lines)
            {
                page.Append(line).Append('\n');
            }
        }

        return page.ToString();
    }

    private Family GetFamily(string name, string type, string help)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"not a valid Prometheus metric name: {name}", nameof(name));
        }

        if (_families.TryGetValue(name, out var family))
        {
            return family.Type == type
                ? family
                : throw new InvalidOperationException($"{name} is a {family.Type}, not a {type}");
        }

        family = new Family(name, type, help);
        _families[name] = family;
        _order.Add(family);
        return family;
    }

    private static string Line(string name, (string Name, string Value)[] labels, double value)
    {
        var line = new StringBuilder(name);
        if (labels.Length > 0)
        {
            line.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                line.Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }

            line.Append('}');
        }

        return line.Append(' ').Append(Number(value)).ToString();
    }

    private static string Number(double value)
        => double.IsPositiveInfinity(value) ? "+Inf"
            : double.IsNegativeInfinity(value) ? "-Inf"
            : double.IsNaN(value) ? "NaN"
            : value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static bool IsValidName(string name)
        => name.Length > 0
           && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':')
           && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private sealed record Family(string Name, string Type, string Help)
    {
        public List<string> Lines { get; } = [];
    }
}

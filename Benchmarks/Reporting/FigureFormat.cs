using System.Globalization;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>How figures are written in the tables: as many digits as the magnitude deserves.</summary>
public static class FigureFormat
{
    /// <summary>The figure alone, e.g. <c>1,234</c>, <c>56.7</c>, <c>0.123</c>; <c>n/a</c> for NaN.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
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

    /// <summary>The figure and its unit, or <c>n/a</c> when there is none.</summary>
    public static string WithUnit(double? value, string unit)
        => value is { } v && double.IsFinite(v) ? $"{Number(v)} {unit}" : "n/a";

    /// <summary>A ratio, e.g. <c>2.41×</c>, or <c>n/a</c>.</summary>
    public static string Ratio(double? ratio)
        => ratio is { } r && double.IsFinite(r) ? r.ToString(r >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "×" : "n/a";
}

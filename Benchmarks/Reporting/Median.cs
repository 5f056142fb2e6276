namespace Maildriver.Benchmarks.Reporting;

/// <summary>The median of a set of figures: the figure a benchmark reports where one window or restart swings too much.</summary>
public static class Median
{
    /// <summary>The middle value of <paramref name="values"/> (the mean of the two middle ones for an even count); NaN for none.</summary>
    public static double Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

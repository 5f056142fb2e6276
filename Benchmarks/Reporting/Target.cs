using System.Globalization;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>A figure the issue asks for, in the same unit as the measurement it judges.</summary>
/// <param name="Kind">How the measurement is compared with <paramref name="Limit"/>.</param>
/// <param name="Limit">The limit.</param>
public sealed record Target(TargetKind Kind, double Limit)
{
    /// <summary>Strictly below <paramref name="limit"/>.</summary>
    public static Target Below(double limit) => new(TargetKind.Below, limit);

    /// <summary>At most <paramref name="limit"/>.</summary>
    public static Target AtMost(double limit) => new(TargetKind.AtMost, limit);

    /// <summary>At least <paramref name="limit"/>.</summary>
    public static Target AtLeast(double limit) => new(TargetKind.AtLeast, limit);

    /// <summary>Whether <paramref name="value"/> meets the target.</summary>
    public bool IsMetBy(double value) => Kind switch
    {
        TargetKind.Below => value < Limit,
        TargetKind.AtMost => value <= Limit,
        _ => value >= Limit,
    };

    /// <summary>The target as the table shows it, e.g. <c>&lt; 5</c>.</summary>
    public string Describe() => Kind switch
    {
        TargetKind.Below => "< ",
        TargetKind.AtMost => "≤ ",
        _ => "≥ ",
    } + Limit.ToString("#,0.###", CultureInfo.InvariantCulture);
}

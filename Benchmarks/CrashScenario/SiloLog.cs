using System.Globalization;
using System.Text.RegularExpressions;

namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>
/// Reads the silos' own logs, which say when each step of a takeover or a catch-up happened on the machine that
/// did it: where the time between a kill and a recovered cluster goes. Silo lines start with a UTC time of day
/// (<c>HH:mm:ss.fff</c>, set in Silo/SiloRunner.cs); lines without one (the benchmark's own markers, stack traces)
/// are skipped.
/// </summary>
public static partial class SiloLog
{
    private const int MaxLineLength = 200;

    /// <summary>
    /// The lines of <paramref name="path"/> (the log of <paramref name="machine"/>) written from
    /// <paramref name="from"/> to <paramref name="to"/>, at Information level or above.
    /// </summary>
    public static IReadOnlyList<SiloLogLine> Read(string path, string machine, DateTimeOffset from, DateTimeOffset to)
    {
        var lines = new List<SiloLogLine>();
        if (!File.Exists(path))
        {
            return lines;
        }

        // The silo may still be writing: share the file.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var match = TimestampedLine().Match(line);
            // ASP.NET Core logs every gateway request at Information: two lines per call, which would bury the
            // protocol's own lines.
            if (!match.Success || match.Groups["level"].Value is "trce" or "dbug"
                || match.Groups["rest"].Value.StartsWith("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal))
            {
                continue;
            }

            var timeOfDay = TimeSpan.ParseExact(match.Groups["time"].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
            var at = OnDayNearest(from, timeOfDay);
            if (at >= from && at <= to)
            {
                lines.Add(new SiloLogLine(at, machine, match.Groups["rest"].Value));
            }
        }

        return lines;
    }

    /// <summary>The first line whose text matches <paramref name="pattern"/>, or null.</summary>
    public static SiloLogLine? First(IEnumerable<SiloLogLine> lines, string pattern)
        => lines.Where(l => Regex.IsMatch(l.Text, pattern, RegexOptions.CultureInvariant)).MinBy(l => l.At);

    /// <summary>
    /// Prints Maildriver's own lines of <paramref name="lines"/> in time order, each as seconds after <paramref name="origin"/>.
    /// Orleans's (connection resets, failed probes, rejected messages to the dead silo: dozens per kill) are only counted,
    /// or they would fill the lines the protocol's steps are read from.
    /// </summary>
    public static void Print(IEnumerable<SiloLogLine> lines, DateTimeOffset origin, string originName, int maxLines)
    {
        var all = lines.ToList();
        var ordered = all.Where(l => !l.Text.StartsWith("Orleans.", StringComparison.Ordinal)).OrderBy(l => l.At).ToList();
        Console.WriteLine($"    silo log lines, seconds after {originName} ({all.Count - ordered.Count} of Orleans's own left out):");
        foreach (var line in ordered.Take(maxLines))
        {
            Console.WriteLine(FormattableString.Invariant($"    {(line.At - origin).TotalSeconds,8:+0.000;-0.000} {line.Machine} {Shorten(line.Text)}"));
        }

        if (ordered.Count > maxLines)
        {
            Console.WriteLine($"    … {ordered.Count - maxLines} more");
        }
    }

    // The log gives a time of day only: put it on the day that brings it nearest the window (a run across midnight).
    private static DateTimeOffset OnDayNearest(DateTimeOffset reference, TimeSpan timeOfDay)
    {
        var utc = reference.ToUniversalTime();
        var candidate = new DateTimeOffset(utc.Date + timeOfDay, TimeSpan.Zero);
        if (candidate - utc > TimeSpan.FromHours(12))
        {
            return candidate.AddDays(-1);
        }

        return utc - candidate > TimeSpan.FromHours(12) ? candidate.AddDays(1) : candidate;
    }

    // Without the namespace, and without the stack trace a single-line log appends to an exception.
    private static string Shorten(string text)
    {
        var shorter = text.Replace("Maildriver.Grains.", string.Empty, StringComparison.Ordinal);
        return shorter.Length <= MaxLineLength ? shorter : shorter[..MaxLineLength] + " …";
    }

    [GeneratedRegex(@"^(?<time>\d\d:\d\d:\d\d\.\d{3}) (?<level>[a-z]{4}): (?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampedLine();
}

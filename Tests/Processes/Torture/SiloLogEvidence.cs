using System.Text;
using System.Text.RegularExpressions;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The parts of the silo logs a failure report needs: every line naming a letter a violation is about, and the
/// end of each log's protocol lines. The HTTP server logs every request and would otherwise fill the whole tail.
/// </summary>
public static partial class SiloLogEvidence
{
    private const int MaxLinesPerLetter = 12;

    public static string For(SiloProcessCluster cluster, IEnumerable<string> findings, int tailLines = 30)
    {
        var text = new StringBuilder();
        var letters = findings.SelectMany(f => LetterId().Matches(f).Select(m => m.Value)).Distinct(StringComparer.Ordinal).Take(8).ToList();
        var logs = cluster.Machines.ToDictionary(m => m, m => ReadLines(cluster.LogPath(m)));
        foreach (var letter in letters)
        {
            var naming = logs.SelectMany(log => log.Value.Where(l => l.Contains(letter, StringComparison.Ordinal)).Take(MaxLinesPerLetter).Select(l => $"{log.Key}: {Clip(l)}")).ToList();
            text.AppendLine($"----- silo log lines naming {letter}: {(naming.Count == 0 ? "none (at this log level letters are named only in warnings)" : naming.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} -----");
            foreach (var line in naming)
            {
                text.AppendLine(line);
            }
        }

        foreach (var (machine, lines) in logs)
        {
            text.AppendLine($"----- {machine} ({(cluster.IsRunning(machine) ? $"pid {cluster.Pid(machine)}" : "not running")}) {cluster.LogPath(machine)}: last {tailLines} protocol lines (Maildriver info, every warning and error, harness marks; repeats folded) -----");
            foreach (var line in Fold(lines.Where(IsProtocolLine)).TakeLast(tailLines))
            {
                text.AppendLine(Clip(line));
            }
        }

        return text.ToString();
    }

    /// <summary>The lines in which the silo said it was giving up (<c>crit</c>), for a machine that exited by itself.</summary>
    public static string CrashLines(SiloProcessCluster cluster, string machine)
    {
        var lines = ReadLines(cluster.LogPath(machine));
        var last = lines.FindLastIndex(l => l.StartsWith(SiloProcess.StartedMarker, StringComparison.Ordinal));
        var crashes = lines.Skip(Math.Max(last, 0)).Where(l => l.Contains(" crit: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)).TakeLast(6).Select(Clip).ToList();
        return crashes.Count == 0 ? "(no crit or fail line since its last start)" : string.Join('\n', crashes);
    }

    private static bool IsProtocolLine(string line)
        => line.StartsWith("=====", StringComparison.Ordinal)
           || line.Contains(" warn: ", StringComparison.Ordinal)
           || line.Contains(" fail: ", StringComparison.Ordinal)
           || line.Contains(" crit: ", StringComparison.Ordinal)
           || line.Contains("info: Maildriver.", StringComparison.Ordinal);

    // A line that repeats the one before but for its time stamp is counted, not shown again.
    private static IEnumerable<string> Fold(IEnumerable<string> lines)
    {
        string? previous = null;
        string? previousText = null;
        var repeats = 0;
        foreach (var line in lines)
        {
            var text = line.Length > 13 && line[2] == ':' ? line[13..] : line;
            if (text == previousText)
            {
                repeats++;
                continue;
            }

            if (previous is not null)
            {
                yield return repeats == 0 ? previous : $"{previous} [and {repeats} more times]";
            }

            (previous, previousText, repeats) = (line, text, 0);
        }

        if (previous is not null)
        {
            yield return repeats == 0 ? previous : $"{previous} [and {repeats} more times]";
        }
    }

    // Stack traces are on the same line as their message; the first part says what happened.
    private static string Clip(string line) => line.Length <= 300 ? line : line[..300] + " …";

    private static List<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return ["(no log)"];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    [GeneratedRegex(@"\bMD\d+\.\d{10,}\b")]
    private static partial Regex LetterId();
}

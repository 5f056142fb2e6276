using System.Text;
using System.Text.RegularExpressions;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The parts of the silo logs a failure report needs: every line naming a letter a violation is about, and the
/// end of each log without the per-request lines of the HTTP server, which would otherwise fill the whole tail.
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
            text.AppendLine($"----- silo log lines naming {letter} -----");
            foreach (var (machine, lines) in logs)
            {
                foreach (var line in lines.Where(l => l.Contains(letter, StringComparison.Ordinal)).Take(MaxLinesPerLetter))
                {
                    text.AppendLine($"{machine}: {Clip(line)}");
                }
            }
        }

        foreach (var (machine, lines) in logs)
        {
            text.AppendLine($"----- {machine} ({(cluster.IsRunning(machine) ? $"pid {cluster.Pid(machine)}" : "not running")}) {cluster.LogPath(machine)}, last {tailLines} lines without HTTP request lines -----");
            foreach (var line in lines.Where(l => !IsRequestNoise(l)).TakeLast(tailLines))
            {
                text.AppendLine(Clip(line));
            }
        }

        return text.ToString();
    }

    private static bool IsRequestNoise(string line)
        => line.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal)
           || line.Contains("the application completed without reading the entire request body", StringComparison.Ordinal);

    // Stack traces are on the same line as their message; the first part says what happened.
    private static string Clip(string line) => line.Length <= 400 ? line : line[..400] + " …";

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

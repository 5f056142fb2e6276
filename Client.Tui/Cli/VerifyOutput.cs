using Maildriver.Grains.Server;

namespace Maildriver.Client.Cli;

/// <summary>
/// <c>admin verify</c> in words. "Consistent." only when every machine was compared and all agree; a comparison
/// that left a machine out says "Not verified" and names it, however well the others agree.
/// </summary>
internal static class VerifyOutput
{
    public static void Print(VerifyReport report)
    {
        Console.Out.WriteLine(Headline(report));
        foreach (var m in report.Machines)
        {
            Console.Out.WriteLine($"  {m.Name,-6} letters {m.Letters,8}  inbox entries {m.InboxEntries,8}  {m.Digest[..16]}…");
        }

        foreach (var m in report.Unchecked)
        {
            Console.Out.WriteLine($"  {m.Name,-6} not compared ({m.Reason})");
        }
    }

    /// <summary>The first line: Consistent, INCONSISTENT, or Not verified with the machines left out.</summary>
    public static string Headline(VerifyReport report)
    {
        if (report.Consistent)
        {
            return "Consistent.";
        }

        if (Differ(report))
        {
            return report.Unchecked.Count == 0 ? "INCONSISTENT." : $"INCONSISTENT. {LeftOut(report.Unchecked)}.";
        }

        if (report.Unchecked.Count == 0)
        {
            // Nothing left out and nothing differing, yet not consistent: only a server that compared no machine.
            return "Not verified: no machine was compared.";
        }

        var compared = report.Machines.Count switch
        {
            0 => " No machine was compared.",
            1 => $" Only {report.Machines[0].Name} was compared.",
            var n => $" The {n} compared replicas agree.",
        };
        return $"Not verified: {LeftOut(report.Unchecked)}.{compared}";
    }

    /// <summary>Why the command fails, for stderr; null when the report is consistent.</summary>
    public static string? Failure(VerifyReport report)
    {
        if (report.Consistent)
        {
            return null;
        }

        if (Differ(report))
        {
            return report.Unchecked.Count == 0 ? "the replicas differ" : $"the replicas differ; {LeftOut(report.Unchecked)}";
        }

        return $"not verified: {LeftOut(report.Unchecked)}";
    }

    private static bool Differ(VerifyReport report) => report.Machines.Select(m => m.Digest).Distinct(StringComparer.Ordinal).Count() > 1;

    // "MD3 could not be compared (down)", or "MD2 (being rebuilt) and MD3 (down) could not be compared".
    private static string LeftOut(IReadOnlyList<UncheckedMachine> left)
    {
        if (left.Count == 0)
        {
            return "no machine was compared";
        }

        if (left.Count == 1)
        {
            return $"{left[0].Name} could not be compared ({left[0].Reason})";
        }

        var named = left.Select(m => $"{m.Name} ({m.Reason})").ToList();
        return $"{string.Join(", ", named[..^1])} and {named[^1]} could not be compared";
    }
}

using System.Text.Json;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Tests.Benchmarks;

/// <summary>The --json document: runs are compared over time by its keys, so they must never drift.</summary>
public sealed class FigureDocumentTests
{
    private static readonly string[] MaildriverKeys =
    [
        "sendsPerSecond", "ackP50Ms", "ackP99Ms", "bulk1000Seconds", "bulk10000Seconds", "bulkBytesPerMachine",
        "pollP50Ms", "listP50Ms", "receiveP50Ms", "catchup10000Seconds", "failoverSeconds", "peakRssMb",
    ];

    private static readonly string[] DovecotKeys = ["smallPerSecond", "smallPerSecond4Sessions", "bulk1000Seconds", "bulkBytes"];

    [Fact]
    public void AnEmptyRunWritesEveryKeyAsNull()
    {
        using var json = JsonDocument.Parse(new BenchmarkReport(Silent()).Figures().ToJson());

        Assert.Equal(["machine", "date", "maildriver", "dovecot"], Keys(json.RootElement));
        Assert.Equal(MaildriverKeys, Keys(json.RootElement.GetProperty("maildriver")));
        Assert.Equal(DovecotKeys, Keys(json.RootElement.GetProperty("dovecot")));
        Assert.All(json.RootElement.GetProperty("maildriver").EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        Assert.All(json.RootElement.GetProperty("dovecot").EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
    }

    [Fact]
    public void FiguresAreNumbersAndUnmeasurableOnesAreNull()
    {
        var report = new BenchmarkReport(Silent());
        report.Maildriver.SendsPerSecond = 1234.56789;
        report.Maildriver.FailoverSeconds = double.NaN;
        report.Dovecot.BulkBytes = 441_470;

        using var json = JsonDocument.Parse(report.Figures().ToJson());
        var maildriver = json.RootElement.GetProperty("maildriver");

        Assert.Equal(1234.5679, maildriver.GetProperty("sendsPerSecond").GetDouble());
        Assert.Equal(JsonValueKind.Null, maildriver.GetProperty("failoverSeconds").ValueKind);
        Assert.Equal(441_470, json.RootElement.GetProperty("dovecot").GetProperty("bulkBytes").GetDouble());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json.RootElement.GetProperty("date").GetString());
        Assert.Contains("cores", json.RootElement.GetProperty("machine").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheComparisonJudgesEachTargetAgainstDovecot()
    {
        var maildriver = new MaildriverFigures { SendsPerSecond = 1000, Bulk1000Seconds = 0.1, BulkBytesPerMachine = 310_000 };
        var dovecot = new DovecotFigures { SmallPerSecond = 300, SmallPerSecond4Sessions = 600, Bulk1000Seconds = 1.2, BulkBytes = 440_000 };

        var rows = ComparisonTable.Build(maildriver, dovecot, new MatchedFigures { BestConcurrency = 64 }).ToString().Split('\n');

        // 1000/s against Dovecot's best, 600/s: 1.67×, short of 2× but above the 0.93× floor; 12× its per-recipient
        // rate; 310,000 B > 300,000 B.
        Assert.Contains(rows, r => r.Contains("each at its best", StringComparison.Ordinal) && r.Contains("1.67×", StringComparison.Ordinal) && r.Contains("MISS (floor: PASS)", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("recipients/s", StringComparison.Ordinal) && r.Contains("12.0×", StringComparison.Ordinal) && r.Contains("PASS", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("bytes stored", StringComparison.Ordinal) && r.Contains("< 300,000 B", StringComparison.Ordinal) && r.Contains("MISS", StringComparison.Ordinal));
    }

    [Fact]
    public void TheBestRateBelowTheFloorFailsBoth()
    {
        var maildriver = new MaildriverFigures { SendsPerSecond = 500 };
        var dovecot = new DovecotFigures { SmallPerSecond = 300, SmallPerSecond4Sessions = 600 };

        var rows = ComparisonTable.Build(maildriver, dovecot, new MatchedFigures { BestConcurrency = 64 }).ToString().Split('\n');

        // 500/s against 600/s: 0.83×, under the old runtime's 0.93×.
        Assert.Contains(rows, r => r.Contains("each at its best", StringComparison.Ordinal) && r.Contains("0.83×", StringComparison.Ordinal)
                                   && r.Contains("(floor 0.93×)", StringComparison.Ordinal) && r.Contains("MISS (floor: MISS)", StringComparison.Ordinal));
    }

    private static ProgressDisplay Silent() => new(TextWriter.Null, live: false);

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}

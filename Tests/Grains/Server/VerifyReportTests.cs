using System.Text.Json;
using Maildriver.Grains.Server;
using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Grains.Server;

/// <summary>The verify report on the wire, and the words for a machine that is not up.</summary>
public sealed class VerifyReportTests
{
    // The report as a JSON client reads it (the CLI's --json output uses the same web defaults).
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void TheUncheckedMachinesTravelWithTheReport()
    {
        var report = new VerifyReport(false, [new VerifyMachine("MD1", 2, 3, "ab")], [new UncheckedMachine("MD3", "down")]);

        var json = JsonSerializer.Serialize(report, Web);
        var back = JsonSerializer.Deserialize<VerifyReport>(json, Web)!;

        Assert.Contains("\"unchecked\":[{\"name\":\"MD3\",\"reason\":\"down\"}]", json);
        Assert.False(back.Consistent);
        Assert.Equal(new UncheckedMachine("MD3", "down"), Assert.Single(back.Unchecked));
        Assert.Equal("MD1", Assert.Single(back.Machines).Name);
    }

    [Fact]
    public void AReportFromAServerThatPredatesTheFieldReadsAsNothingUnchecked()
    {
        const string old = """{"consistent":true,"machines":[{"name":"MD1","letters":1,"inboxEntries":1,"digest":"ab"}]}""";

        var report = JsonSerializer.Deserialize<VerifyReport>(old, Web)!;

        Assert.True(report.Consistent);
        Assert.NotNull(report.Unchecked);
        Assert.Empty(report.Unchecked);
    }

    [Theory]
    [InlineData(MachineStates.Dead, "down")]
    [InlineData(MachineStates.CatchingUp, "catching up")]
    [InlineData(MachineStates.Rebuilding, "being rebuilt")]
    [InlineData(null, "down")]
    public void AMachineThatIsNotUpIsNamedWithWhy(string? state, string reason)
        => Assert.Equal(reason, UncheckedReasons.NotUp(new MachineStatus("MD3", Up: false, CatchupPending: 4, State: state)));
}

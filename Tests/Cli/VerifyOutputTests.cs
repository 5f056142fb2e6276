using Maildriver.Client.Cli;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Cli;

/// <summary>The words of <c>admin verify</c>: "Consistent." only for a comparison of every machine.</summary>
public sealed class VerifyOutputTests
{
    private static readonly VerifyMachine Md1 = new("MD1", 3, 4, "aaaa");
    private static readonly VerifyMachine Md2 = new("MD2", 3, 4, "aaaa");

    [Fact]
    public void EveryMachineComparedAndAgreeingIsConsistent()
    {
        var report = new VerifyReport(true, [Md1, Md2], []);

        Assert.Equal("Consistent.", VerifyOutput.Headline(report));
        Assert.Null(VerifyOutput.Failure(report));
    }

    [Fact]
    public void MachinesLeftOutAreNamedWithTheirReasons()
    {
        var report = new VerifyReport(false, [Md1], [new UncheckedMachine("MD2", "being rebuilt"), new UncheckedMachine("MD3", "down")]);

        Assert.Equal("Not verified: MD2 (being rebuilt) and MD3 (down) could not be compared. Only MD1 was compared.", VerifyOutput.Headline(report));
        Assert.Equal("not verified: MD2 (being rebuilt) and MD3 (down) could not be compared", VerifyOutput.Failure(report));
    }

    [Fact]
    public void ADifferenceIsInconsistentAndStillNamesWhatWasLeftOut()
    {
        var report = new VerifyReport(false, [Md1, Md2 with { Digest = "bbbb" }], [new UncheckedMachine("MD3", "timed out")]);

        Assert.Equal("INCONSISTENT. MD3 could not be compared (timed out).", VerifyOutput.Headline(report));
        Assert.Equal("the replicas differ; MD3 could not be compared (timed out)", VerifyOutput.Failure(report));
    }

    [Fact]
    public void AReportThatIsNotConsistentIsNeverCalledConsistentEvenWithNothingNamed()
    {
        // What a server that compared nothing would send.
        var report = new VerifyReport(false, [], []);

        Assert.DoesNotContain("Consistent", VerifyOutput.Headline(report));
        Assert.NotNull(VerifyOutput.Failure(report));
    }
}

using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Maildriver.Silo.Hosting;

namespace Maildriver.Tests.Deploy;

/// <summary>The protocol's settings as Silo/Hosting/MaildriverConfig reads them from cluster.json: defaults, and errors naming the field.</summary>
public sealed class MaildriverConfigTests
{
    [Fact]
    public void WithoutTheOptionalFieldsTheFirstTwoMachinesLeadAndTheDefaultsHold()
    {
        var options = Load("");

        Assert.Equal(("MD1", "MD2"), (options.InitialMaster, options.InitialLieutenant));
        Assert.Equal(["MD1", "MD2", "MD3"], options.Machines);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ReceiveWait);
        Assert.Equal(10 * 1024 * 1024, options.MaxLetterBytes);
        Assert.Equal((TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1200)), (options.PulseInterval, options.NoPulseTimeout));
        Assert.Equal(TimeSpan.FromHours(12), options.TokenLifetime);
    }

    [Fact]
    public void ReadsTheLeadersAndTheProtocolObject()
    {
        var options = Load("""
            , "initialMaster": "MD3", "initialLieutenant": "MD1",
            "protocol": { "receiveWaitMs": 2500, "maxLetterBytes": 4096, "pulseIntervalMs": 100, "noPulseTimeoutMs": 300,
                          "tokenLifetimeSeconds": 60, "passwordIterations": 1000 }
            """);

        Assert.Equal(("MD3", "MD1"), (options.InitialMaster, options.InitialLieutenant));
        Assert.Equal((TimeSpan.FromMilliseconds(2500), 4096L), (options.ReceiveWait, options.MaxLetterBytes));
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)), (options.PulseInterval, options.NoPulseTimeout));
        Assert.Equal((TimeSpan.FromMinutes(1), 1000), (options.TokenLifetime, options.PasswordIterations));
    }

    [Theory]
    [InlineData(", \"initialMaster\": \"MD9\"", "initialMaster: must name one of the machines (MD1, MD2, MD3)")]
    [InlineData(", \"initialLieutenant\": 2", "initialLieutenant: must name one of the machines")]
    [InlineData(", \"initialMaster\": \"MD2\", \"initialLieutenant\": \"MD2\"", "initialLieutenant: must be a different machine from initialMaster")]
    [InlineData(", \"protocol\": []", "protocol: must be an object")]
    [InlineData(", \"protocol\": { \"receiveWaitMs\": 0 }", "protocol.receiveWaitMs: must be a positive whole number")]
    [InlineData(", \"protocol\": { \"maxLetterBytes\": \"big\" }", "protocol.maxLetterBytes: must be a positive whole number")]
    [InlineData(", \"protocol\": { \"tokenLifetimeSeconds\": 1.5 }", "protocol.tokenLifetimeSeconds: must be a positive whole number")]
    public void ABadValueNamesItsField(string topLevel, string message)
    {
        var error = Assert.Throws<ClusterConfigException>(() => Load(topLevel));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static MaildriverOptions Load(string topLevel)
    {
        var json = $$"""
            { "clusterSecret": "0123456789abcdef0123", "machines": [
                { "name": "MD1", "host": "127.0.0.1", "siloPort": 11111, "gatewayPort": 30001, "dataDir": "d1" },
                { "name": "MD2", "host": "127.0.0.1", "siloPort": 11112, "gatewayPort": 30002, "dataDir": "d2" },
                { "name": "MD3", "host": "127.0.0.1", "siloPort": 11113, "gatewayPort": 30003, "dataDir": "d3" } ]
              {{topLevel}} }
            """;
        return MaildriverConfig.From(ClusterConfigLoader.Parse(json, Path.GetTempPath()));
    }
}

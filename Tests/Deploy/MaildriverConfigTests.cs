using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Deploy;

/// <summary>
/// The protocol's settings as Silo/Hosting/MaildriverConfig binds them from cluster.json and validates them on start:
/// defaults, and errors naming the field.
/// </summary>
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
    [InlineData(", \"protocol\": { \"pulseIntervalMs\": -400 }", "protocol.pulseIntervalMs: must be a positive whole number")]
    [InlineData(", \"protocol\": { \"receiveWaitMs\": 9223372036854775807 }", "protocol.receiveWaitMs: 9223372036854775807 is too long a time")]
    public void ABadValueNamesItsField(string topLevel, string message)
    {
        Assert.Contains(message, ClusterOptions.StartFailure(Parse(topLevel)), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBadValueIsNamedAtOnce()
    {
        // Validation on start reports all it finds, where a reader that threw would have named the first.
        var failure = ClusterOptions.StartFailure(Parse(", \"initialMaster\": \"MD9\", \"protocol\": { \"receiveWaitMs\": 0, \"passwordIterations\": 0 }"));

        Assert.Equal(
            "initialMaster: must name one of the machines (MD1, MD2, MD3); protocol.receiveWaitMs: must be a positive whole number; " +
            "protocol.passwordIterations: must be a positive whole number",
            failure);
    }

    [Fact]
    public void AGoodConfigurationPassesTheStartsValidation()
        => Assert.Null(ClusterOptions.StartFailure(Parse(", \"protocol\": { \"pulseIntervalMs\": 100 }")));

    private static MaildriverOptions Load(string topLevel) => ClusterOptions.Protocol(Parse(topLevel));

    private static ClusterConfig Parse(string topLevel)
    {
        var json = $$"""
            { "clusterSecret": "0123456789abcdef0123", "machines": [
                { "name": "MD1", "host": "127.0.0.1", "siloPort": 11111, "gatewayPort": 30001, "dataDir": "d1" },
                { "name": "MD2", "host": "127.0.0.1", "siloPort": 11112, "gatewayPort": 30002, "dataDir": "d2" },
                { "name": "MD3", "host": "127.0.0.1", "siloPort": 11113, "gatewayPort": 30003, "dataDir": "d3" } ]
              {{topLevel}} }
            """;
        return ClusterConfigLoader.Parse(json, Path.GetTempPath());
    }
}

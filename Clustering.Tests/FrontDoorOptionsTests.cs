using Maildriver.Clustering.Security;
using Maildriver.Clustering.Tests.Toys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Tests;

/// <summary>A silo whose front door is misconfigured does not start.</summary>
public sealed class FrontDoorOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_cluster_secret_is_refused(string secret)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Options(o => o.ClusterSecret = secret));
        Assert.Contains("ClusterSecret", failure.Message);
    }

    [Fact]
    public void A_stamp_window_that_is_not_positive_is_refused()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Options(o =>
        {
            o.ClusterSecret = "s";
            o.StampWindow = TimeSpan.Zero;
        }));
        Assert.Contains("StampWindow", failure.Message);
    }

    [Fact]
    public void The_front_door_is_the_interface_it_was_registered_with()
    {
        var options = Options(o => o.ClusterSecret = "s");
        Assert.Equal(typeof(IToyFrontDoor), options.FrontDoor);
    }

    private static FrontDoorOptions Options(Action<FrontDoorOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddFrontDoor<IToyFrontDoor>(configure));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<FrontDoorOptions>>().Value;
    }
}

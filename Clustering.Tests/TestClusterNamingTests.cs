using Maildriver.Clustering.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// How a silo of InProcessTestCluster gets its name in Orleans 10.4.2 (docs/orleans-migration.md, section 4.5): the
/// cluster sets SiloOptions.SiloName from its per-silo options after our delegates, so a SiloName configured in
/// ConfigureSilo is lost, and the per-silo options are where the name must be changed.
/// </summary>
public sealed class TestClusterNamingTests
{
    [Fact]
    public async Task The_name_set_on_the_per_silo_options_wins_over_one_configured_on_the_silo()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = false;
        builder.ConfigureSilo((_, silo) => silo.Configure<SiloOptions>(o => o.SiloName = "set-in-ConfigureSilo"));
        builder.ConfigureSiloHost((silo, _) => silo.SiloName = ToyClusterBuilder.MachineName(silo.SiloName));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var silo = Assert.Single(cluster.Silos);
            Assert.Equal("MD1", silo.ServiceProvider.GetRequiredService<ILocalSiloDetails>().Name);
            Assert.Equal("MD1", silo.Name);
        }
        finally
        {
            await ToyClusterBuilder.StopAsync(cluster);
        }
    }
}

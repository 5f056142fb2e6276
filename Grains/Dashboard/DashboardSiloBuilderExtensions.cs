using Maildriver.Grains.Configuration;
using Maildriver.Grains.Diagnostics;
using Maildriver.Grains.Master;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Maildriver.Grains.Dashboard;

/// <summary>Adds Maildriver's dashboard: its page on the machine's dashboard port, and the grain that reports on the machine.</summary>
public static class DashboardSiloBuilderExtensions
{
    /// <summary>Registers the dashboard's services; its web server opens when the silo becomes active.</summary>
    public static ISiloBuilder AddMaildriverDashboard(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => new ClusterEventLog(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<DashboardCollector>();
        builder.Services.AddSingleton<DashboardAuthenticator>();
        builder.Services.AddSingleton<DashboardApp>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new DashboardLifecycle(
            sp.GetRequiredService<MachineConfig>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<DashboardApp>(), sp.GetRequiredService<SiloMetrics>()));
        return builder;
    }
}

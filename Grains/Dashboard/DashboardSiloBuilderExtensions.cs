using Maildriver.Grains.Master;
using Maildriver.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Grains.Dashboard;

/// <summary>Gives a Maildriver machine its operators' dashboard.</summary>
public static class DashboardSiloBuilderExtensions
{
    /// <summary>
    /// Registers the cluster event log, the machine monitor grain (every machine needs it, so that any machine's
    /// dashboard can ask it) and the dashboard itself, served on the machine's <c>dashboardPort</c> when it has one.
    /// </summary>
    public static SiloHostBuilder AddMaildriverDashboard(this SiloHostBuilder builder)
    {
        builder.Services.AddSingleton(sp => new ClusterEventLog(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<DashboardCollector>();
        builder.Services.AddSingleton<DashboardAuthenticator>();
        builder.Services.AddSingleton<DashboardApp>();
        builder.Grains.Add<IMachineMonitorGrain, MachineMonitorGrain>();
        builder.UseDashboard(services => services.GetRequiredService<DashboardApp>().HandleAsync);
        return builder;
    }
}

using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// Adds the operators' view: the Orleans Dashboard on every silo (every silo reports to it, whichever machine's port
/// serves it) and Maildriver's page; the web server opens on the machine's dashboard port when the silo becomes
/// active. The grain that reports on the machine, and what it needs (<see cref="SiloStarted"/>,
/// <see cref="ClusterEventLog"/>), are the machine's own (AddMaildriver).
/// </summary>
public static class DashboardSiloBuilderExtensions
{
    /// <summary>Registers the dashboard's services; its web server opens when the silo becomes active.</summary>
    public static ISiloBuilder AddMaildriverDashboard(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The log stream stays on (HideTrace false): operators asked for it, and it is behind the login like the rest.
        builder.AddDashboard();
        var orleansDashboard = OrleansDashboardServices.From(builder.Services);
        builder.Services.AddSingleton(orleansDashboard);
        builder.Services.AddSingleton<DashboardCollector>();
        builder.Services.AddSingleton<DashboardAuthenticator>();
        builder.Services.AddSingleton<DashboardApp>();
        builder.Services.AddSingleton<DashboardGate>();
        builder.Services.AddSingleton(sp => new DashboardWeb(
            sp, sp.GetRequiredService<DashboardApp>(), sp.GetRequiredService<DashboardGate>(), sp.GetRequiredService<OrleansDashboardServices>()));
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new DashboardLifecycle(
            sp.GetRequiredService<MachineConfig>(), sp.GetRequiredService<ILoggerFactory>(), new Lazy<DashboardWeb>(sp.GetRequiredService<DashboardWeb>), sp.GetRequiredService<SiloStarted>()));
        return builder;
    }
}

using Maildriver.Grains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// What the dashboard port serves, behind one login (<see cref="DashboardGate"/>): the Orleans Dashboard at
/// <c>/orleans/</c>, Prometheus text at <c>/metrics</c> (OpenTelemetry's exporter over Orleans's meter, the .NET
/// runtime's and Maildriver's), and everything else by Maildriver's own page (<see cref="DashboardApp"/>).
/// </summary>
internal sealed class DashboardWeb(IServiceProvider silo, DashboardApp app, DashboardGate gate, OrleansDashboardServices orleansDashboard)
{
    /// <summary>Orleans's meter: grain calls, activations, messaging, membership.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The runtime's own meter since .NET 9: GC, heap, thread pool, exceptions.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>Adds the web app's services: routing, the Orleans Dashboard's (the silo's instances), and the exporter.</summary>
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddRouting();
        orleansDashboard.AddTo(services, silo);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrleansMeter, RuntimeMeter, MaildriverMetrics.MeterName)
            .AddPrometheusExporter());
    }

    /// <summary>Routing, the gate (which goes by the endpoint routing chose), the link back from the Orleans Dashboard's page, its log stream's type, then the three.</summary>
    public void Map(WebApplication web)
    {
        web.UseRouting();
        web.Use(gate.InvokeAsync);
        web.Use(OrleansDashboardLink.InvokeAsync);
        web.Use(OrleansDashboardLogStream.InvokeAsync);
        web.MapPrometheusScrapingEndpoint(DashboardGate.MetricsPath);
        web.MapOrleansDashboard(DashboardGate.OrleansDashboardPath);

        // Last in precedence: a catch-all loses to every literal route above.
        web.Map("/{**path}", app.HandleAsync).WithMetadata(ChecksItsOwnLogin.Instance);
    }
}

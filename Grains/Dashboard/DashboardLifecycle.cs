using Maildriver.Grains.Configuration;
using Maildriver.Grains.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Maildriver.Grains.Dashboard;

/// <summary>
/// Opens the dashboard's port (<see cref="MachineConfig.DashboardPort"/>, none when 0) and starts the metrics sampler
/// once the silo is active, and closes both when it stops.
/// </summary>
internal sealed class DashboardLifecycle(MachineConfig machine, ILoggerFactory loggers, DashboardWeb web, SiloMetrics metrics)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private DashboardServer? _server;

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(DashboardLifecycle), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.Start();
        if (machine.DashboardPort > 0)
        {
            _server = new DashboardServer(machine, loggers);
            await _server.StartAsync(web.ConfigureServices, web.Map, cancellationToken);
        }
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        metrics.Dispose();
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}

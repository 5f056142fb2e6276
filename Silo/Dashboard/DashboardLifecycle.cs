using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Dashboard;
using Maildriver.Silo.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// Opens the dashboard's port (<see cref="MachineConfig.DashboardPort"/>, none when 0) once the silo is active, and
/// closes it when the silo stops. It holds the silo's <see cref="SiloStarted"/>, so that is taken when the silo starts.
/// The web's services are made when the port opens, not with the silo: the host makes every lifecycle participant
/// before it validates the options (<c>ValidateOnStart</c>), and those services read the options and the machine's store.
/// </summary>
internal sealed class DashboardLifecycle(MachineConfig machine, ILoggerFactory loggers, Lazy<DashboardWeb> web, SiloStarted started)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private DashboardServer? _server;

    /// <summary>When the silo started.</summary>
    public DateTimeOffset StartedAt => started.At;

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(DashboardLifecycle), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (machine.DashboardPort > 0)
        {
            _server = new DashboardServer(machine, loggers);
            await _server.StartAsync(web.Value.ConfigureServices, web.Value.Map, cancellationToken);
        }
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}

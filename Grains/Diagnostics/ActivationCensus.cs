using Maildriver.Grains.Dashboard;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Maildriver.Grains.Diagnostics;

/// <summary>
/// How many activations of each grain class live on this silo, as Orleans's management grain counts them, read every
/// few seconds while the silo is active. The metrics read the latest count synchronously; it is at most
/// <see cref="Interval"/> old, which is as fresh as a dashboard that refreshes every few seconds needs.
/// </summary>
public sealed partial class ActivationCensus(IGrainFactory grains, ILocalSiloDetails silo, TimeProvider time, ILogger<ActivationCensus> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How often the count is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<GrainActivationCount> _latest = [];
    private Task _loop = Task.CompletedTask;

    /// <summary>The latest count, per grain class name.</summary>
    public IReadOnlyList<GrainActivationCount> Latest() => Volatile.Read(ref _latest);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(ActivationCensus), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = CountAsync(_stop.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task CountAsync(CancellationToken stopping)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var statistics = await management.GetSimpleGrainStatistics([silo.SiloAddress]);
                Volatile.Write(ref _latest, statistics
                    .Where(s => s.GrainType.StartsWith("Maildriver.", StringComparison.Ordinal))
                    .GroupBy(s => ClassName(s.GrainType), StringComparer.Ordinal)
                    .Select(g => new GrainActivationCount(g.Key, g.Sum(s => s.ActivationCount)))
                    .ToList());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCountFailed(logger, ex.Message);
            }

            try
            {
                await Task.Delay(Interval, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Orleans names a grain class with its assembly ("Maildriver.Grains.Master.MasterGrain,Maildriver.Grains"): the
    // class's own name is the last part of the type's, before the comma.
    private static string ClassName(string grainType)
    {
        var type = grainType.Split(',')[0];
        return type[(type.LastIndexOf('.') + 1)..];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "could not count the silo's activations: {Reason}")]
    private static partial void LogCountFailed(ILogger logger, string reason);
}

using Orleans;

namespace Maildriver.Grains.Diagnostics;

/// <summary>
/// Times every call to a Maildriver grain on this silo for <see cref="SiloMetrics"/> (the dashboard's per-method
/// rates and latencies, the Prometheus page). Orleans's own system calls are not Maildriver's work and are left out.
/// </summary>
internal sealed class CallMetricsFilter(SiloMetrics metrics) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!metrics.Enabled || context.Grain is not Grain grain || grain.GetType().Assembly != typeof(CallMetricsFilter).Assembly)
        {
            await context.Invoke();
            return;
        }

        var started = metrics.StartCall();
        var failed = true;
        try
        {
            await context.Invoke();
            failed = false;
        }
        finally
        {
            metrics.EndCall(grain.GetType(), context.MethodName, started, failed);
        }
    }
}

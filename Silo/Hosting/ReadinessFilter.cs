using Maildriver.Grains.Hosting;
using Maildriver.Grains.Server;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Turns clients away from a machine that is not ready to serve them (<see cref="SiloReadiness"/>: held back while it
/// is rebuilt from the others), before the front door runs: what it would answer from a store about to be replaced
/// would be wrong. Only calls to the front door are checked; the machines' own calls go on, since they are what
/// makes it ready.
/// </summary>
internal sealed class ReadinessFilter(SiloReadiness readiness, SiloIdentity silo) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod.DeclaringType == typeof(IMailServer) && readiness is { IsReady: false, Reason: { } reason })
        {
            throw new MachineNotReadyException($"{silo.Name} is not serving clients yet: {reason}");
        }

        return context.Invoke();
    }
}

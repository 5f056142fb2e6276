using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Security;

namespace Maildriver.Clustering.Tests.Toys;

/// <summary>The toy front door, pinned to its machine like Maildriver's per-machine front door.</summary>
[MachinePlacement]
public sealed class ToyFrontDoorGrain(ILocalSiloDetails silo) : MachineToyGrain(silo), IToyFrontDoor
{
    public Task<string> AskWhere(string key) => GrainFactory.GetGrain<IWhereGrain>(key).SiloName();

    public Task<string?> StampSeen() => Task.FromResult(RequestContext.Get(SiloStamp.Key) as string);
}

using Orleans.Placement;

namespace Maildriver.Clustering.Tests.Toys;

/// <summary>
/// Placed on the calling silo whatever its key says, so a call from the wrong silo makes Orleans try to activate it
/// there: the activation check must refuse.
/// </summary>
[PreferLocalPlacement]
public sealed class MisplacedGrain(ILocalSiloDetails silo) : MachineToyGrain(silo), IMisplacedGrain
{
}

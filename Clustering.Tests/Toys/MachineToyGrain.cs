using Maildriver.Clustering.Placement;

namespace Maildriver.Clustering.Tests.Toys;

/// <summary>
/// What every machine-keyed toy grain does, as Maildriver's per-machine grains will: refuse to activate on a silo
/// that is not the machine its key names, and tell which silo it runs on.
/// </summary>
public abstract class MachineToyGrain(ILocalSiloDetails silo) : Grain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        MachineActivation.EnsureLocal(this.GetPrimaryKeyString(), silo);
        return Task.CompletedTask;
    }

    /// <summary>The name of the silo the activation runs on.</summary>
    public Task<string> SiloName() => Task.FromResult(silo.Name);
}

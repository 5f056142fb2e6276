using Maildriver.Clustering.Placement;

namespace Maildriver.Clustering.Tests.Toys;

/// <summary>Lives on the machine its key names, and refuses to activate anywhere else.</summary>
[MachinePlacement]
public sealed class WhereGrain(ILocalSiloDetails silo) : Grain, IWhereGrain
{
    private int _calls;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        MachineActivation.EnsureLocal(this.GetPrimaryKeyString(), silo);
        return Task.CompletedTask;
    }

    public Task<string> SiloName() => Task.FromResult(silo.Name);

    public Task<string> Echo(string text)
    {
        _calls++;
        return Task.FromResult(text);
    }

    public Task Touch()
    {
        _calls++;
        return Task.CompletedTask;
    }

    public Task<int> Calls() => Task.FromResult(_calls);
}

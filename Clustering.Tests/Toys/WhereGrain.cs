using Maildriver.Clustering.Placement;

namespace Maildriver.Clustering.Tests.Toys;

/// <summary>Lives on the machine its key names, and refuses to activate anywhere else.</summary>
[MachinePlacement]
public sealed class WhereGrain(ILocalSiloDetails silo) : MachineToyGrain(silo), IWhereGrain
{
    private int _calls;

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

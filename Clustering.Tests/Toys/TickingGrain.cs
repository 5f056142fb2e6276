using Maildriver.Clustering.Placement;

namespace Maildriver.Clustering.Tests.Toys;

[MachinePlacement]
public sealed class TickingGrain(ILocalSiloDetails silo) : MachineToyGrain(silo), ITickingGrain
{
    private int _ticks;

    public Task Start()
    {
        this.RegisterGrainTimer(_ =>
        {
            _ticks++;
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)));
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);
}

using Maildriver.Runtime;
using Maildriver.Runtime.Timers;

namespace Maildriver.Tests.Runtime.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period);

    Task Stop();

    [AlwaysInterleave]
    Task<int> Ticks();
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private IDisposable? _timer;
    private int _ticks;

    public Task Start(TimeSpan period)
    {
        _timer = RegisterGrainTimer(_ => { _ticks++; return Task.CompletedTask; }, new GrainTimerCreationOptions(period, period));
        return Task.CompletedTask;
    }

    public Task Stop()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);
}

using Maildriver.Tests.Runtime.Grains;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Runtime;

public sealed class TimerTests
{
    [Fact]
    public async Task GrainTimersTickOnTheInjectedClockAndStopWhenDisposed()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await RuntimeTestSilo.StartAsync(silos: 1, time: time);
        var grain = cluster.GetSilo("MD1").GrainFactory.GetGrain<ITimerGrain>("MD1/t");
        await grain.Start(TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await grain.Ticks());

        for (var expected = 1; expected <= 3; expected++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            var want = expected;
            await WaitFor.ConditionAsync(async () => await grain.Ticks() == want);
        }

        await grain.Stop();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, await grain.Ticks());
    }
}

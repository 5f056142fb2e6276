using System.Diagnostics;
using Maildriver.Clustering.Tests.FaultNet;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Clustering.Tests.Toys;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// The <see cref="FaultNetwork"/> on the toy cluster: partitions, isolation, drops, delays and holds between named
/// machines, released by <see cref="FaultNetwork.Heal"/>. Calls are made by silo code on the sending machine.
/// </summary>
[Collection(ToyClusterCollection.Name)]
public sealed class FaultNetTests(ToyCluster toys) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    // .NET timers may fire a few milliseconds before a Stopwatch says the time is up (seen: 2,997 ms for 3 s).
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(50);

    private FaultNetwork Net => toys.Net;

    public void Dispose() => Net.Heal();

    [Fact]
    public async Task A_partition_fails_calls_between_the_two_machines_both_ways_until_healed()
    {
        var (md1ToMd2, md2ToMd1, md1ToMd3) = (Where("MD1", "MD2"), Where("MD2", "MD1"), Where("MD1", "MD3"));

        Net.Partition("MD1", "MD2");

        var cut = await Assert.ThrowsAsync<SiloUnavailableException>(() => md1ToMd2.Echo("x"));
        Assert.Contains("MD2 is unreachable from MD1", cut.Message);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => md2ToMd1.Echo("x"));
        Assert.Equal("x", await md1ToMd3.Echo("x"));

        Net.Heal();

        Assert.Equal("x", await md1ToMd2.Echo("x"));
        Assert.Equal("x", await md2ToMd1.Echo("x"));
    }

    [Fact]
    public async Task An_isolated_machine_reaches_only_itself_and_the_client_cannot_reach_it()
    {
        Net.Isolate("MD3");

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Where("MD1", "MD3").Echo("x"));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => Where("MD3", "MD2").Echo("x"));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => toys.Client.GetGrain<IToyFrontDoor>(Key("MD3")).SiloName());
        Assert.Equal("x", await Where("MD3", "MD3").Echo("x"));
        Assert.Equal("MD2", await toys.Client.GetGrain<IToyFrontDoor>(Key("MD2")).SiloName());
    }

    [Fact]
    public async Task A_dropped_call_never_arrives_and_fails_after_the_response_timeout()
    {
        var where = Where("MD1", "MD2");
        Net.DropWhere(c => c.Between("MD1", "MD2") && c.Method == nameof(IWhereGrain.Echo) && c.Argument(0) is "lost");

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => where.Echo("lost"));
        var waited = clock.Elapsed;

        Assert.True(waited >= ToyClusterBuilder.ResponseTimeout - TimerSlack, $"failed after {waited}");
        // The same method with another argument is not dropped; the lost call never ran.
        Assert.Equal("kept", await where.Echo("kept"));
        Assert.Equal(1, await where.Calls());
    }

    [Fact]
    public async Task A_delayed_call_arrives_late()
    {
        var delay = TimeSpan.FromMilliseconds(400);
        var where = Where("MD2", "MD3");
        Assert.Equal("warm", await where.Echo("warm"));
        Net.Delay("MD2", "MD3", delay);

        var clock = Stopwatch.StartNew();
        Assert.Equal("late", await where.Echo("late"));

        Assert.True(clock.Elapsed >= delay - TimerSlack, $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_held_call_neither_arrives_nor_fails_until_the_heal()
    {
        var where = Where("MD1", "MD2");
        Net.HoldWhere(c => c.Between("MD1", "MD2") && c.Method == nameof(IWhereGrain.Echo));

        var held = where.Echo("held");
        var seen = await Net.NextHeldAsync(Bound);

        Assert.Equal(where.GetGrainId(), seen.Target);
        Assert.False(held.IsCompleted);
        // Asked from MD3, which no rule holds: the held call has not run.
        Assert.Equal(0, await toys.Silo("MD3").GetGrain<IWhereGrain>(where.GetPrimaryKeyString()).Calls());

        Net.Heal();

        Assert.Equal("held", await held.WaitAsync(Bound));
        Assert.Equal(1, await where.Calls());
    }

    [Fact]
    public async Task A_held_reply_comes_after_the_call_ran_and_only_at_the_heal()
    {
        var where = Where("MD2", "MD1");
        Net.HoldRepliesWhere(c => c.Between("MD2", "MD1") && c.Method == nameof(IWhereGrain.Echo));

        var answered = where.Echo("ran");
        await Net.NextHeldAsync(Bound);

        Assert.False(answered.IsCompleted);
        Assert.Equal(1, await toys.Silo("MD3").GetGrain<IWhereGrain>(where.GetPrimaryKeyString()).Calls());

        Net.Heal();

        Assert.Equal("ran", await answered.WaitAsync(Bound));
    }

    private static string Key(string machine) => $"{machine}/{Guid.NewGuid():N}";

    // A fresh grain of machine `to`, called by silo code on machine `from`.
    private IWhereGrain Where(string from, string to) => toys.Silo(from).GetGrain<IWhereGrain>(Key(to));
}

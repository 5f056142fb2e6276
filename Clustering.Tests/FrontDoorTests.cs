using Maildriver.Clustering.Security;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Clustering.Tests.Toys;
using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// <see cref="FrontDoorCallFilter"/> on a running cluster whose front door is <see cref="IToyFrontDoor"/>: the client
/// may call that and nothing else, silos may call anything, and only the cluster secret makes a call a silo's.
/// </summary>
[Collection(ToyClusterCollection.Name)]
public sealed class FrontDoorTests(ToyCluster toys)
{
    [Fact]
    public async Task A_client_calling_a_grain_that_is_not_the_front_door_is_refused_before_the_method_runs()
    {
        var key = NewKey("MD2");

        var refused = await Assert.ThrowsAsync<CallRefusedException>(() => toys.Client.GetGrain<IWhereGrain>(key).Touch());

        Assert.Contains("Touch", refused.Message);
        Assert.Contains(nameof(IToyFrontDoor), refused.Message);
        Assert.Equal(0, await toys.Silo("MD2").GetGrain<IWhereGrain>(key).Calls());
    }

    [Fact]
    public async Task The_front_door_serves_the_client_and_its_grain_calls_onward_pass()
    {
        var door = toys.Client.GetGrain<IToyFrontDoor>(NewKey("MD1"));

        Assert.Equal("MD1", await door.SiloName());
        // Onward, grain to grain, to a grain the client itself may not call, on another machine.
        Assert.Equal("MD3", await door.AskWhere(NewKey("MD3")));
    }

    [Fact]
    public async Task Silo_code_outside_grains_calls_through_the_hosted_client_and_passes()
    {
        // Not a grain: silo code's calls go out as the hosted client (sys.client/hosted-...), a client id. They pass
        // because Orleans runs the silo's outgoing filters, the stamp among them, for the hosted client too.
        var key = NewKey("MD2");
        var where = toys.Silo("MD1").GetGrain<IWhereGrain>(key);

        Assert.Equal("hello", await where.Echo("hello"));
        Assert.Equal(1, await toys.Silo("MD3").GetGrain<IWhereGrain>(key).Calls());
    }

    [Fact]
    public async Task A_grains_own_timer_ticks_pass_the_front_door()
    {
        // A tick reaches the grain as a local call with no stamp: refusing it would silently stop every timer (the
        // Lieutenant's watch of the Master's pulse, the Master's Caretaker).
        var ticking = toys.Silo("MD1").GetGrain<ITickingGrain>(NewKey("MD2"));
        await ticking.Start();

        await Eventually.UntilAsync(async () => await ticking.Ticks() >= 3, TimeSpan.FromSeconds(10), "three ticks of the grain's timer");
    }

    [Fact]
    public async Task A_client_that_plants_a_stamp_of_its_own_is_still_refused()
    {
        var where = toys.Client.GetGrain<IWhereGrain>(NewKey("MD2"));
        var rightSecret = Stamp(ToyClusterBuilder.Secret);

        await Assert.ThrowsAsync<CallRefusedException>(() => WithStamp("forged", where.Touch));
        await Assert.ThrowsAsync<CallRefusedException>(() => WithStamp(42, where.Touch));
        await Assert.ThrowsAsync<CallRefusedException>(() => WithStamp(Stamp("not the secret").Create(where.GetGrainId()), where.Touch));
        // A true stamp, but for another grain: it opens only the grain it was made for.
        var other = toys.Client.GetGrain<IWhereGrain>(NewKey("MD2"));
        await Assert.ThrowsAsync<CallRefusedException>(() => WithStamp(rightSecret.Create(other.GetGrainId()), where.Touch));

        Assert.Equal(0, await toys.Silo("MD1").GetGrain<IWhereGrain>(where.GetPrimaryKeyString()).Calls());
    }

    [Fact]
    public async Task A_stamp_made_with_the_cluster_secret_is_what_lets_a_call_through()
    {
        // The counterpart of the refusals above: the same call with the secret's stamp passes, so they were refused
        // for their stamps and for nothing else. (Hence the secret must never reach a client.)
        var where = toys.Client.GetGrain<IWhereGrain>(NewKey("MD2"));

        await WithStamp(Stamp(ToyClusterBuilder.Secret).Create(where.GetGrainId()), where.Touch);

        Assert.Equal(1, await toys.Silo("MD1").GetGrain<IWhereGrain>(where.GetPrimaryKeyString()).Calls());
    }

    [Fact]
    public async Task The_front_door_removes_a_planted_stamp_before_its_method_runs()
    {
        var door = toys.Client.GetGrain<IToyFrontDoor>(NewKey("MD3"));
        var valid = Stamp(ToyClusterBuilder.Secret).Create(door.GetGrainId());

        Assert.Null(await WithStamp(valid, door.StampSeen));
    }

    private static string NewKey(string machine) => $"{machine}/{Guid.NewGuid():N}";

    private static SiloStamp Stamp(string secret)
        => new(Options.Create(new FrontDoorOptions { ClusterSecret = secret }), TimeProvider.System);

    // Set inside an async method: the value rides on the call made here and leaves the test's context untouched.
    private static async Task WithStamp(object stamp, Func<Task> call)
    {
        RequestContext.Set(SiloStamp.Key, stamp);
        await call();
    }

    private static async Task<T> WithStamp<T>(object stamp, Func<Task<T>> call)
    {
        RequestContext.Set(SiloStamp.Key, stamp);
        return await call();
    }
}

using System.Collections.Concurrent;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Grains.Recovery;

public sealed class StorageFaultTests
{
    [Fact]
    public async Task ADiskFullInTheMiddleOfADeliveryCrashesTheMachineAndItIsConsistentAfterRestart()
    {
        var disks = new ConcurrentDictionary<string, DiskFullDatabase>();
        await using var mail = await MailTestCluster.StartAsync(configure: b =>
            b.DatabaseWrapper = db => disks[b.Machine] = new DiskFullDatabase(db));
        await mail.AddUsersAsync("alice", "bob");

        disks["MD3"].FillDisk();
        var sent = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "big", new string('z', 200_000), "full"));

        await WaitFor.ConditionAsync(() => mail.Cluster.Crashes.Any(c => c.Silo == "MD3"), because: "MD3 crashes itself on the write failure");
        Assert.Contains("full", mail.Cluster.Crashes.First(c => c.Silo == "MD3").Reason, StringComparison.OrdinalIgnoreCase);

        disks["MD3"].FreeDisk();
        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 back");
        await mail.AssertConsistentAsync();
        Assert.Equal(sent.Id, Assert.Single(await mail.Server("MD3").List(await mail.LoginAsync("bob", "MD3"))).Id);
    }

    // A Master whose directory write of a new letter fails, and which lives on, answers with the failure and leaves no
    // record of that letter with its Lieutenant (LetterIntake writes the record only after its own copy): the client's
    // retry through another machine becomes a letter of its own, and a later takeover delivers only that one. (When
    // the two writes overlapped, the Lieutenant kept the failed attempt's record and the takeover crashed MD2 and MD3
    // on it.)
    [Fact]
    public async Task AFailedMasterWriteLeavesNoRecordAndATakeoverDeliversOnlyTheClientsRetry()
    {
        var disks = new ConcurrentDictionary<string, DiskFullDatabase>();
        await using var mail = await MailTestCluster.StartAsync(configure: b => b.DatabaseWrapper = db => disks[b.Machine] = new DiskFullDatabase(db));
        await mail.AddUsersAsync("alice", "bob");
        await mail.QuietAsync();

        // The Master's (MD1's) disk is full: its directory write of a letter whose body needs new pages fails, and it
        // answers the origin (MD3) with that failure, alive; MD2, its Lieutenant, is not asked to write it down.
        var request = new SendRequest(["bob"], "once", new string('o', 200_000), "once-only");
        var aliceOnMd3 = await mail.LoginAsync("alice", "MD3");
        disks["MD1"].FillDisk();
        await Assert.ThrowsAnyAsync<Exception>(() => mail.Server("MD3").Send(aliceOnMd3, request));
        disks["MD1"].FreeDisk();
        Assert.Empty(mail.Cluster.Crashes);

        // The client tries again through another machine: a new letter, acknowledged and delivered everywhere.
        var sent = await mail.Server("MD2").Send(await mail.LoginAsync("alice", "MD2"), request);
        await mail.QuietAsync();

        // The Master dies; MD2 takes over from its records. Had the Lieutenant written the failed attempt down, it would
        // deliver that letter now, and every store would refuse it beside the retry (one letter per submission): the
        // machines would crash on it, again at each restart.
        await mail.Cluster.KillSiloAsync("MD1");
        await mail.WaitForStatusAsync("MD2", s => s.Master == "MD2" && s.Lieutenant == "MD3", "MD2 took over");
        await mail.QuietAsync("MD2");

        foreach (var machine in new[] { "MD2", "MD3" })
        {
            var inbox = await mail.Server(machine).List(await mail.LoginAsync("bob", machine));
            Assert.Equal(sent.Id, Assert.Single(inbox).Id);
        }

        Assert.Empty(mail.Cluster.Crashes);
    }
}

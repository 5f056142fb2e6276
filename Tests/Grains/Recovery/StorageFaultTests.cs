using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Grains.Recovery;

public sealed class StorageFaultTests
{
    [Fact]
    public async Task ADiskFullInTheMiddleOfADeliveryCrashesTheMachineAndItIsConsistentAfterRestart()
    {
        var disks = new System.Collections.Concurrent.ConcurrentDictionary<string, DiskFullDatabase>();
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
}

using Maildriver.Clustering.Placement;
using Maildriver.Grains.Dashboard;
using Maildriver.Grains.Hosting;
using Maildriver.Tests.Grains.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Tests.Support;

/// <summary>
/// What every in-process suite takes for granted of <see cref="MachineCluster"/>: machines live where their keys say
/// (machine placement works in a test cluster, where Orleans skips placement filters), each machine's front door
/// runs on it, a kill stops the machine's writes and its grains become unreachable under its name, a restart finds
/// the disk, and a machine that crashes itself is recorded and taken down.
/// </summary>
public sealed class MachineClusterTests
{
    [Fact]
    public async Task MachinesLiveWhereTheirKeysSayAndAKilledOneIsUnreachableByNameUntilItsRestartOnTheSameDisk()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice");
        foreach (var machine in mail.Cluster.SiloNames)
        {
            Assert.Equal(machine, (await mail.Server(machine).Hello()).Machine);
            var report = await mail.Cluster.GetSilo("MD1").GrainFactory.GetGrain<IMachineMonitorGrain>(machine).Report();
            Assert.Equal(machine, report.Machine);
        }

        var store = mail.Store("MD3");
        var before = mail.Cluster.GetSilo("MD3").Address;
        await mail.Cluster.KillSiloAsync("MD3");

        Assert.False(mail.Cluster.IsRunning("MD3"));
        // Its database closed: a read of the store fails (its figures are kept in memory, so they would not tell).
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Letters.FindLetterAsync("any"));
        var unreachable = await Assert.ThrowsAsync<MachineUnavailableException>(
            () => mail.Cluster.GetSilo("MD1").GrainFactory.GetGrain<IMachineMonitorGrain>("MD3").Report());
        Assert.Equal("MD3", unreachable.Machine);
        Assert.Throws<SiloUnavailableException>(() => mail.Server("MD3"));

        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForReadyAsync("MD3");
        Assert.NotEqual(before, mail.Cluster.GetSilo("MD3").Address);
        Assert.Equal("MD3", (await mail.Server("MD3").Hello()).Machine);
        Assert.NotNull(await mail.Store("MD3").Users.GetUserAsync("alice"));
        Assert.Empty(mail.Cluster.Crashes);
    }

    [Fact]
    public async Task AMachineThatCrashesItselfIsRecordedWithItsReasonAndTakenDown()
    {
        await using var mail = await MailTestCluster.StartAsync(machines: 2);

        mail.Cluster.GetSilo("MD2").Services.GetRequiredService<SiloFailFast>().Crash("a state it cannot explain");

        Assert.Equal([("MD2", "a state it cannot explain")], mail.Cluster.Crashes);
        Assert.False(mail.Cluster.IsRunning("MD2"));
        await mail.Cluster.StartSiloAsync("MD2");
        await mail.WaitForReadyAsync("MD2");
        Assert.Equal("MD2", (await mail.Server("MD2").Hello()).Machine);
    }
}

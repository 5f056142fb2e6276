using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes;

/// <summary>Machines that die (kill -9) or are stopped (SIGTERM) while the CLI keeps working; each test owns its cluster.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task WithAMachineKilledTheCliSendsThroughTheNextGatewayAndTheMachineCatchesUpOnRestart()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        var cli = new CliSessionFactory(cluster);
        await cli.AddUsersAsync("alice", "bob");

        var pid = cluster.Pid("MD3")!.Value;
        await cluster.KillAsync("MD3");
        Assert.False(cluster.IsRunning("MD3"));
        Assert.False(await LoopbackPorts.IsListeningAsync(cluster.Ports("MD3").Gateway), $"MD3 (pid {pid}) still listens after kill -9");

        var deadFirst = $"{cluster.Gateway("MD3")},{cluster.Gateway("MD1")},{cluster.Gateway("MD2")}";
        var sent = cli.Json(await cli.As("alice", deadFirst).RunWithInputAsync("sent while MD3 was down", "send", "--to", "bob", "--subject", "Crash"));
        var id = (string)sent["id"]!;
        Assert.StartsWith("MD1.", id);
        var received = (await cli.As("bob", deadFirst).JsonAsync("receive")).AsArray();
        Assert.Equal(id, (string)Assert.Single(received)!["id"]!);

        // The same data directory again: the Master delivers what MD3 missed.
        await cluster.StartAsync("MD3");
        await cli.UntilListedAsync("bob", "MD3", id, "the letter sent while MD3 was down reaches MD3's own inbox after its restart");

        var report = await cli.AsAdmin().JsonAsync("admin", "verify");
        Assert.True((bool)report["consistent"]!, report.ToJsonString());
        Assert.Equal(3, report["machines"]!.AsArray().Count);
    }

    [Fact]
    public async Task SigtermStopsAMachineAndItsMailSurvivesARestart()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        var cli = new CliSessionFactory(cluster);
        await cli.AddUsersAsync("carol");
        var id = (string)cli.Json(await cli.As("carol").RunWithInputAsync("note to self", "send", "--to", "carol", "--subject", "Keep"))["id"]!;
        var carolOnMd3 = cli.As("carol", cluster.Gateway("MD3"));
        await WaitFor.ConditionAsync(async () => (await carolOnMd3.JsonAsync("list")).AsArray().Count == 1, TimeSpan.FromSeconds(30), "the letter reaches MD3");

        await cluster.StopAsync("MD3");

        Assert.False(cluster.IsRunning("MD3"));
        Assert.False(await LoopbackPorts.IsListeningAsync(cluster.Ports("MD3").Gateway));
        await cluster.StartAsync("MD3");
        var listed = (await carolOnMd3.JsonAsync("list")).AsArray();
        Assert.Equal(id, (string)Assert.Single(listed)!["id"]!);
    }

    // SIGTERM is an orderly stop (host.StopAsync, exit 0) at any time, also while the last services still start after
    // the gateway already serves: the harness's start returns once the admin can log in, which can be before then.
    [Fact]
    public async Task SigtermIsAnOrderlyStopThatExitsWithZero()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(1);

        var exitCode = await cluster.StopAsync("MD1");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{cluster.LogTail("MD1")}");
    }
}

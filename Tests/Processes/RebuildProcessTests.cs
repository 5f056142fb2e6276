using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes;

/// <summary>A real silo process whose disk is lost comes back empty and is rebuilt from the others.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class RebuildProcessTests
{
    [Fact]
    public async Task AMachineWhoseDataDirectoryIsWipedRebuildsItselfAndAdminVerifyFindsEveryReplicaTheSame()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        var cli = await WithAliceAndBobAsync(cluster);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)cli.Json(await cli.As("alice", cluster.Gateway("MD1")).RunWithInputAsync($"letter {i}", "send", "--to", "bob", "--subject", $"Before {i}"))["id"]!);
        }

        // MD2's disk is lost: the process dies and its data directory is gone. One more letter while it is away.
        await cluster.KillAsync("MD2");
        Directory.Delete(Path.Combine(cluster.Folder, "data", "MD2"), recursive: true);
        ids.Add((string)cli.Json(await cli.As("alice", cluster.Gateway("MD3")).RunWithInputAsync("while MD2 was lost", "send", "--to", "bob", "--subject", "During"))["id"]!);

        // It starts on an empty directory, is rebuilt from the Master's machine, and then serves bob his mail.
        await cluster.StartAsync("MD2");
        var bobOnMd2 = cli.As("bob", cluster.Gateway("MD2"));
        await WaitFor.ConditionAsync(
            async () => (await bobOnMd2.JsonAsync("list")).AsArray().Count == ids.Count,
            TimeSpan.FromSeconds(60),
            "every letter is on the rebuilt MD2");
        Assert.Equal(ids, (await bobOnMd2.JsonAsync("list")).AsArray().Select(l => (string)l!["id"]!));

        var report = await cli.AsAdmin().JsonAsync("admin", "verify");
        Assert.True((bool)report["consistent"]!, report.ToJsonString());
        Assert.Equal(3, report["machines"]!.AsArray().Count);
        Assert.Contains("rebuilt from MD1", await File.ReadAllTextAsync(cluster.LogPath("MD2")));
    }

    [Fact]
    public async Task AMachineRestoredFromAnOlderBackupIsBroughtUpToDateAndAdminVerifyFindsEveryReplicaTheSame()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        var cli = await WithAliceAndBobAsync(cluster);

        var first = (string)cli.Json(await cli.As("alice", cluster.Gateway("MD1")).RunWithInputAsync("before the backup", "send", "--to", "bob", "--subject", "Old"))["id"]!;
        var bobOnMd3 = cli.As("bob", cluster.Gateway("MD3"));
        await WaitFor.ConditionAsync(async () => (await bobOnMd3.JsonAsync("list")).AsArray().Count == 1, TimeSpan.FromSeconds(30), "the first letter on MD3");

        // A backup of the running MD3, then life goes on: a second letter, and bob deletes the first.
        var backup = Path.Combine(cluster.Folder, "md3.backup");
        var made = await SiloCommandAsync(cluster, "backup", "--machine", "MD3", "--out", backup);
        Assert.True(made.ExitCode == 0, made.ToString());
        var second = (string)cli.Json(await cli.As("alice", cluster.Gateway("MD2")).RunWithInputAsync("after the backup", "send", "--to", "bob", "--subject", "New"))["id"]!;
        cli.Json(await cli.As("bob", cluster.Gateway("MD1")).RunAsync("delete", first));

        // MD3 is stopped and put back as it was at the backup, which it would serve stale if it trusted it.
        Assert.Equal(0, await cluster.StopAsync("MD3"));
        var restored = await SiloCommandAsync(cluster, "restore", "--machine", "MD3", "--from", backup, "--force");
        Assert.True(restored.ExitCode == 0, restored.ToString());

        // StartAsync returns once MD3 accepts a login, which it refuses from the moment its gateway opens until its
        // rebuild is done (ReplicaStart, StartHoldTests): from then on every answer is the rebuilt store's.
        await cluster.StartAsync("MD3");
        await WaitFor.ConditionAsync(
            async () => (await bobOnMd3.JsonAsync("list")).AsArray().Select(l => (string)l!["id"]!).SequenceEqual([second]),
            TimeSpan.FromSeconds(60),
            "MD3 has the letter sent after its backup and not the one deleted after it");
        var report = await cli.AsAdmin().JsonAsync("admin", "verify");
        Assert.True((bool)report["consistent"]!, report.ToJsonString());
        Assert.Equal(3, report["machines"]!.AsArray().Count);
    }

    private static async Task<CliSessionFactory> WithAliceAndBobAsync(SiloProcessCluster cluster)
    {
        var cli = new CliSessionFactory(cluster);
        await cli.AddUsersAsync("alice", "bob");

        return cli;
    }

    private static Task<ProcessResult> SiloCommandAsync(SiloProcessCluster cluster, params string[] args)
        => ProcessRunner.RunAsync(
            DotnetHost.Path,
            [DotnetHost.OutputFile("Maildriver.Silo.dll"), args[0], "--config", cluster.ConfigPath, .. args[1..]],
            timeout: TimeSpan.FromSeconds(60));
}

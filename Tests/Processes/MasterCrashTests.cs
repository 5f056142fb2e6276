using System.Diagnostics;
using System.Text.Json.Nodes;
using Maildriver.Tests.Support;
using Xunit.Abstractions;

namespace Maildriver.Tests.Processes;

/// <summary>
/// kill -9 of the Master, which is also the first machine (MD1): the Lieutenant takes over, requests asked meanwhile
/// are answered through the survivors, and MD1, started again on its data directory, rejoins and catches up.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class MasterCrashTests(ITestOutputHelper output)
{
    /// <summary>How long the survivors may take to acknowledge a send after the Master's death (takeover and CLI start included).</summary>
    private static readonly TimeSpan TakeoverLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task KillNineOfTheMasterHandsOverToTheLieutenantAndTheFirstMachineRejoins()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        var cli = new CliSessionFactory(cluster);
        await cli.AddUsersAsync("alice", "bob");

        // Kill only a settled cluster, and expect whichever machine is Lieutenant then (MD2, unless MD2 started late
        // and the Master appointed MD3) to take over.
        JsonNode before = null!;
        await WaitFor.ConditionAsync(
            async () => AllUp(before = await cli.AsAdmin().JsonAsync("admin", "status")) && (string)before["master"]! == "MD1",
            TimeSpan.FromSeconds(30),
            "every machine up, MD1 Master, a Lieutenant appointed");
        var lieutenant = (string)before["lieutenant"]!;
        await cluster.KillAsync("MD1");
        var sinceKill = Stopwatch.StartNew();

        // The same submission id each try: a try whose answer was lost cannot make a second letter.
        var survivors = $"{cluster.Gateway("MD2")},{cluster.Gateway("MD3")}";
        var submission = Guid.NewGuid().ToString("N");
        ProcessResult? sent = null;
        try
        {
            await WaitFor.ConditionAsync(
                async () => (sent = await cli.As("alice", survivors).RunWithInputAsync("sent while the Master was dead", "send", "--to", "bob", "--subject", "Takeover", "--submission-id", submission)).ExitCode == 0,
                TakeoverLimit,
                "a send acknowledged by the survivors");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; the last try: {sent}\n{cluster.LogTails()}", ex);
        }

        output.WriteLine($"kill -9 of the Master to the first acknowledged send (CLI start included): {sinceKill.Elapsed.TotalSeconds:0.00} s");
        var id = (string)cli.Json(sent!)["id"]!;

        var status = await cli.AsAdmin(survivors).JsonAsync("admin", "status");
        Assert.Equal(lieutenant, (string)status["master"]!);
        Assert.True((long)status["epoch"]! > (long)before["epoch"]!, status.ToJsonString());
        Assert.False((bool)status["machines"]!.AsArray().Single(m => (string)m!["name"]! == "MD1")!["up"]!, status.ToJsonString());

        // The first machine again, on its data directory: it rejoins (nothing holds it back) and gets the letter.
        await cluster.StartAsync("MD1");
        await cli.UntilListedAsync("bob", "MD1", id, "the letter sent while MD1 was dead reaches MD1's own inbox after its restart");
        Assert.Equal(id, (string)Assert.Single((await cli.As("bob", cluster.Gateway("MD3")).JsonAsync("receive")).AsArray())!["id"]!);

        ProcessResult verify = null!;
        await WaitFor.ConditionAsync(
            async () => (verify = await cli.AsAdmin().RunAsync("admin", "verify")).ExitCode == 0,
            TimeSpan.FromSeconds(60),
            "every replica compared and the same");
        Assert.Equal(3, cli.Json(verify)["machines"]!.AsArray().Count);
    }

    /// <summary>
    /// Reads (each records a read order with the Master) and a delete asked of a survivor, one after the other from the
    /// kill -9 of the Master on: until the survivors' views name the new Master, the Master they name is gone, and calls
    /// to it fail with a connection failure. The survivor waits for the new Master instead of passing that failure on,
    /// which a client takes for the loss of its own gateway (the reader said "no gateway answers").
    /// </summary>
    [Fact]
    public async Task ReadsAndADeleteAskedOfASurvivorFromTheMastersDeathOnWaitForTheNewMaster()
    {
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        var cli = new CliSessionFactory(cluster);
        await cli.AddUsersAsync("alice", "bob");
        var survivor = cli.As("bob", cluster.Gateway("MD3"));
        var letters = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            letters.Add((string)cli.Json(await cli.As("alice").RunWithInputAsync($"letter {i}", "send", "--to", "bob", "--subject", $"Letter {i}"))["id"]!);
        }

        await cli.UntilListedAsync("bob", "MD3", letters[^1], "every letter in bob's inbox on MD3");
        await WaitFor.ConditionAsync(
            async () => AllUp(await cli.AsAdmin().JsonAsync("admin", "status")),
            TimeSpan.FromSeconds(30),
            "every machine up and a Lieutenant appointed");

        await cluster.KillAsync("MD1");
        foreach (var letter in letters)
        {
            var read = await survivor.RunAsync("read", letter);
            Assert.True(read.ExitCode == 0, $"{read}\n{cluster.LogTails()}");
            Assert.True((bool)cli.Json(read)["read"]!, read.ToString());
        }

        var delete = await survivor.RunAsync("delete", letters[0], letters[1], letters[2]);
        Assert.True(delete.ExitCode == 0, $"{delete}\n{cluster.LogTails()}");
        var inbox = (await survivor.JsonAsync("list")).AsArray();
        Assert.Equal(letters[3..], inbox.Select(l => (string)l!["id"]!));
        Assert.All(inbox, l => Assert.True((bool)l!["read"]!, inbox.ToJsonString()));
    }

    private static bool AllUp(JsonNode status)
        => status["lieutenant"] is not null
           && status["machines"]!.AsArray().Count == 3
           && status["machines"]!.AsArray().All(m => (bool)m!["up"]!);
}

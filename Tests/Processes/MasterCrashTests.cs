using System.Diagnostics;
using System.Text.Json.Nodes;
using Maildriver.Tests.Support;
using Xunit.Abstractions;

namespace Maildriver.Tests.Processes;

/// <summary>
/// kill -9 of the Master, which is also the first machine (MD1): the Lieutenant takes over, a letter sent meanwhile
/// is acknowledged through the survivors, and MD1, started again on its data directory, rejoins and catches up.
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

    private static bool AllUp(JsonNode status)
        => status["lieutenant"] is not null
           && status["machines"]!.AsArray().Count == 3
           && status["machines"]!.AsArray().All(m => (bool)m!["up"]!);
}

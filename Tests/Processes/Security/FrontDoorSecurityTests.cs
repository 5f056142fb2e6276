using System.Text.Json.Nodes;
using Maildriver.Clustering.Security;
using Maildriver.Grains.Inbox;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;
using Microsoft.Extensions.Options;

namespace Maildriver.Tests.Processes.Security;

/// <summary>
/// What a client that reaches a gateway of three real silos may do: call the front door (<see cref="IMailServer"/>)
/// with its own token, and nothing else. A bare Orleans client calling the Master, a Replica or an Inbox directly is
/// refused (a forged silo stamp too) and changes nothing; bob's token does not open alice's letters.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class FrontDoorSecurityTests(ThreeMachineCluster fixture) : IClassFixture<ThreeMachineCluster>
{
    private SiloProcessCluster Cluster => fixture.Cluster;

    private CliSessionFactory Cli => fixture.Cli;

    [Fact]
    public async Task ABareOrleansClientReachesTheFrontDoorButNoMachineGrainAndChangesNothing()
    {
        var id = (string)Cli.Json(await Cli.As("alice").RunWithInputAsync("not for strangers", "send", "--to", "bob", "--subject", "Private"))["id"]!;
        var before = await SettledStatusAsync();

        await using var raw = await RawOrleansClient.ConnectAsync(Cluster.Ports("MD2").Gateway);

        // Connected, and let in at the front door: the refusals below are the filter's, not a dead connection.
        Assert.Equal("MD2", (await raw.Grains.GetGrain<IMailServer>("gateway").Hello()).Machine);
        var master = raw.Grains.GetGrain<IMasterGrain>("MD1");
        await Assert.ThrowsAsync<CallRefusedException>(() => master.ChangeMaster("MD3"));
        await Assert.ThrowsAsync<CallRefusedException>(() => master.BeginRebuild("MD3"));
        await Assert.ThrowsAsync<CallRefusedException>(() => master.Status());
        await Assert.ThrowsAsync<CallRefusedException>(() => raw.Grains.GetGrain<IReplicaGrain>("MD2").MasterStopped());
        await Assert.ThrowsAsync<CallRefusedException>(() => raw.Grains.GetGrain<IReplicaGrain>("MD3").GetView());
        await Assert.ThrowsAsync<CallRefusedException>(() => raw.Grains.GetGrain<IInboxGrain>("MD2/bob").List(withBodies: true));

        // A stamp made without the cluster's secret opens nothing either.
        var inbox = raw.Grains.GetGrain<IInboxGrain>("MD3/bob");
        var forger = new SiloStamp(Options.Create(new FrontDoorOptions { ClusterSecret = "a guess at the cluster's secret" }), TimeProvider.System);
        RequestContext.Set(SiloStamp.Key, forger.Create(inbox.GetGrainId()));
        try
        {
            await Assert.ThrowsAsync<CallRefusedException>(() => inbox.List(withBodies: true));
        }
        finally
        {
            RequestContext.Clear();
        }

        var after = await SettledStatusAsync();
        Assert.Equal(((string)before["master"]!, (long)before["epoch"]!), ((string)after["master"]!, (long)after["epoch"]!));
        Assert.All(after["machines"]!.AsArray(), m => Assert.Equal("up", (string)m!["state"]!));
        Assert.Contains(id, (await Cli.As("bob").JsonAsync("receive")).AsArray().Select(l => (string)l!["id"]!));
        var verify = await Cli.AsAdmin().JsonAsync("admin", "verify");
        Assert.True((bool)verify["consistent"]!, verify.ToJsonString());
    }

    [Fact]
    public async Task BobsTokenDoesNotOpenAlicesLetters()
    {
        var id = (string)Cli.Json(await Cli.AsAdmin().RunWithInputAsync("for alice's eyes only", "send", "--to", "alice", "--subject", "Alice only"))["id"]!;

        // The CLI as bob: the letter is not his to read or delete, and not in what he receives.
        var read = await Cli.As("bob").RunAsync("read", id);
        Cli.Expect(read, 1);
        Assert.Contains(id, read.Stderr);
        Assert.Equal("", read.Stdout);
        Cli.Expect(await Cli.As("bob").RunAsync("delete", id), 1);
        Assert.DoesNotContain(id, (await Cli.As("bob").JsonAsync("receive")).AsArray().Select(l => (string)l!["id"]!));

        // The front door itself, with bob's token and with a token altered by hand.
        await using var raw = await RawOrleansClient.ConnectAsync(Cluster.Ports("MD3").Gateway);
        var server = raw.Grains.GetGrain<IMailServer>("gateway");
        var bobs = (await server.Login("bob", CliSessionFactory.PasswordOf("bob"))).Token;
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Read(bobs, id));
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Delete(bobs, [id]));
        var alices = (await server.Login("alice", CliSessionFactory.PasswordOf("alice"))).Token;
        var altered = alices[..^1] + (alices[^1] == 'A' ? 'B' : 'A');
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Read(altered, id));

        // Still alice's, unread, and hers to open.
        var letter = await server.Read(alices, id);
        Assert.Equal(("for alice's eyes only", "admin"), (letter.Body, letter.From));

        // The token travels in the request context of one call only: the next call without one is refused.
        var none = await Assert.ThrowsAsync<RequestRefusedException>(() => server.Read(id));
        Assert.Contains("not logged in", none.Message);
    }

    // The Master's status once every machine is up and nothing is being rebuilt (the fixture's cluster may still be
    // settling after the class's other test).
    private async Task<JsonNode> SettledStatusAsync()
    {
        JsonNode status = null!;
        await WaitFor.ConditionAsync(
            async () => (status = await Cli.AsAdmin().JsonAsync("admin", "status"))["machines"]!.AsArray().All(m => (string)m!["state"]! == "up"),
            TimeSpan.FromSeconds(30),
            "every machine up");
        return status;
    }
}

using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary><c>admin verify</c> with a machine down: it names the machine it could not compare and is not consistent.</summary>
public sealed class VerifyTests
{
    [Fact]
    public async Task VerifyNamesADeadMachineUncheckedAndIsConsistentOnlyOnceItIsBackAndCaughtUp()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        Assert.Empty((await mail.AssertConsistentAsync()).Unchecked);

        await mail.Cluster.KillSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => !s.Machines.Single(m => m.Name == "MD3").Up, "MD3 declared dead");
        var sent = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "while MD3 is dead", "body", "v-1"));

        // Asked through the Master's machine and through another: the two live replicas agree, but MD3 was not compared.
        foreach (var via in (string[])["MD1", "MD2"])
        {
            var partial = await mail.QuietAsync(via);
            var because = MailTestCluster.Describe(partial);
            Assert.False(partial.Consistent, $"via {via}, a comparison without MD3 is consistent: {because}");
            Assert.Equal(new UncheckedMachine("MD3", "down"), Assert.Single(partial.Unchecked));
            Assert.Equal(["MD1", "MD2"], partial.Machines.Select(m => m.Name));
            Assert.Single(partial.Machines.Select(m => m.Digest).Distinct());
            Assert.All(partial.Machines, m => Assert.Equal(1, m.Letters));
        }

        await mail.Cluster.StartSiloAsync("MD3");
        await mail.WaitForStatusAsync("MD1", s => s.Machines.All(m => m.Up && m.CatchupPending == 0), "MD3 back and caught up");

        var whole = await mail.AssertConsistentAsync();
        Assert.Empty(whole.Unchecked);
        Assert.Equal(["MD1", "MD2", "MD3"], whole.Machines.Select(m => m.Name));
        Assert.Single(whole.Machines.Select(m => m.Digest).Distinct());
        Assert.Equal(sent.Id, Assert.Single(await mail.Server("MD3").List(await mail.LoginAsync("bob", "MD3"))).Id);
    }
}

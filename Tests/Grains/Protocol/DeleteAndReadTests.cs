using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Grains.Protocol;

public sealed class DeleteAndReadTests
{
    [Fact]
    public async Task DeletingRemovesOnlyThatUsersReferenceAndTheLastOneReclaimsTheBody()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol");
        var sent = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob", "carol"], "Two", "for both", "d1"));
        await mail.QuietAsync();

        var deleted = await mail.Server("MD2").Delete(await mail.LoginAsync("bob", "MD2"), [sent.Id]);
        Assert.Equal([sent.Id], deleted.Deleted);

        // A client repeating the delete (its first answer lost) gets the same answer, through any gateway.
        Assert.Equal([sent.Id], (await mail.Server("MD2").Delete(await mail.LoginAsync("bob", "MD2"), [sent.Id])).Deleted);
        Assert.Empty(await mail.Server("MD2").List(await mail.LoginAsync("bob", "MD2")));
        await mail.AssertConsistentAsync();

        foreach (var machine in mail.Cluster.SiloNames)
        {
            Assert.Empty(await mail.Server(machine).List(await mail.LoginAsync("bob", machine)));
            Assert.Single(await mail.Server(machine).List(await mail.LoginAsync("carol", machine)));
            Assert.Equal(1, (await mail.Store(machine).GetStatsAsync()).Letters);
        }

        await mail.Server("MD3").Delete(await mail.LoginAsync("carol", "MD3"), [sent.Id]);
        await mail.AssertConsistentAsync();
        foreach (var machine in mail.Cluster.SiloNames)
        {
            var stats = await mail.Store(machine).GetStatsAsync();
            Assert.Equal((0, 0), (stats.Letters, stats.InboxEntries));
        }
    }

    [Fact]
    public async Task ReadMarksTheLetterReadOnEveryMachineAndPollFollows()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var sent = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "Read me", "text", "r1"));
        await mail.QuietAsync();
        Assert.True((await mail.Server("MD3").Poll(await mail.LoginAsync("bob", "MD3"))).Mail);

        var letter = await mail.Server("MD2").Read(await mail.LoginAsync("bob", "MD2"), sent.Id);
        Assert.True(letter.Read);
        Assert.Equal("text", letter.Body);
        await mail.AssertConsistentAsync();

        foreach (var machine in mail.Cluster.SiloNames)
        {
            var bob = await mail.LoginAsync("bob", machine);
            Assert.True(Assert.Single(await mail.Server(machine).List(bob)).Read);
            Assert.False((await mail.Server(machine).Poll(bob)).Mail);
        }
    }

    [Fact]
    public async Task ReadAfterDeleteIsRefusedAndChangesNothing()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var sent = await mail.Server("MD1").Send(await mail.LoginAsync("alice", "MD1"), new SendRequest(["bob"], "Gone", "x", "rd1"));
        await mail.QuietAsync();
        var bob = await mail.LoginAsync("bob", "MD1");
        await mail.Server("MD1").Delete(bob, [sent.Id]);

        await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD1").Read(bob, sent.Id));
        await mail.AssertConsistentAsync();
    }

    [Fact]
    public async Task JohnDeletesWhileMachineCIsStillDeliveringAndTheDeleteWaitsInTheDeleteQueue()
    {
        // Section 9.1 with four machines A-D (MD1-MD4): Pauline sends on A, John reads and deletes on B while C has
        // not yet received the letter.
        await using var mail = await MailTestCluster.StartAsync(machines: 4);
        await mail.AddUsersAsync("pauline", "john");
        var admin = await mail.AdminTokenAsync();

        mail.Cluster.Network.Partition("MD1", "MD3");
        var sent = await mail.Server("MD1").Send(await mail.LoginAsync("pauline", "MD1"), new SendRequest(["john"], "Hi John", "love, P.", "jp"));

        var john = await mail.LoginAsync("john", "MD2");
        var received = await mail.Server("MD2").Receive(john);
        Assert.Equal(sent.Id, Assert.Single(received.Letters).Id);
        await mail.Server("MD2").Delete(john, [sent.Id]);

        var status = await mail.Server("MD1").Status(admin);
        Assert.Equal(1, status.PendingSends);
        Assert.Equal(1, status.DeleteQueue);

        mail.Cluster.Network.Heal();
        var report = await mail.QuietAsync();
        Assert.True(report.Consistent);
        Assert.Equal(4, report.Machines.Count);
        foreach (var machine in mail.Cluster.SiloNames)
        {
            Assert.Empty(await mail.Server(machine).List(await mail.LoginAsync("john", machine)));
            Assert.Equal(0, (await mail.Store(machine).GetStatsAsync()).Letters);
        }
    }

    [Fact]
    public async Task ConcurrentSendersAndDeletersLeaveEveryReplicaTheSame()
    {
        await using var mail = await MailTestCluster.StartAsync();
        string[] users = ["u1", "u2", "u3", "u4", "u5", "u6"];
        await mail.AddUsersAsync(users);

        var work = users.Select(async (user, n) =>
        {
            var machine = mail.Cluster.SiloNames[n % 3];
            var token = await mail.LoginAsync(user, machine);
            for (var i = 0; i < 15; i++)
            {
                var to = users[(n + 1 + (i % 5)) % users.Length];
                await mail.Server(machine).Send(token, new SendRequest([to, user], $"m{i}", $"from {user} #{i}", $"{user}-{i}"));
                if (i % 3 == 2)
                {
                    var mine = await mail.Server(machine).List(token);
                    if (mine.Count > 0)
                    {
                        await mail.Server(machine).Delete(token, [mine[0].Id]);
                    }
                }
            }
        });
        await Task.WhenAll(work);

        var report = await mail.QuietAsync();
        Assert.True(report.Consistent, string.Join("; ", report.Machines.Select(m => $"{m.Name} {m.Letters} {m.InboxEntries} {m.Digest}")));
        Assert.All(report.Machines, m => Assert.True(m.InboxEntries > 0));
    }
}

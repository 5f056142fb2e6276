using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using MimeKit;

namespace Maildriver.Tests.Grains.Protocol;

public sealed class UsersAndInputTests
{
    [Fact]
    public async Task AdminAddsAndDeletesUsersOnEveryMachine()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        await mail.Server("MD2").Send(await mail.LoginAsync("alice", "MD2"), new SendRequest(["bob"], "bye", "x", "u1"));
        await mail.QuietAsync();

        await mail.Server("MD3").DeleteUser(await mail.AdminTokenAsync("MD3"), "bob");
        await mail.AssertConsistentAsync();

        foreach (var machine in mail.Cluster.SiloNames)
        {
            await Assert.ThrowsAsync<RequestRefusedException>(() => mail.LoginAsync("bob", machine));
            Assert.Equal(0, (await mail.Store(machine).GetStatsAsync()).InboxEntries);
            Assert.Null(await mail.Store(machine).Users.GetUserAsync("bob"));
        }
    }

    [Fact]
    public async Task MailingListsAreExpandedAtTheOriginMachine()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob", "carol", "dave");
        await mail.Server("MD1").AddList(await mail.AdminTokenAsync(), "team", ["bob", "carol"]);
        await mail.QuietAsync();

        await mail.Server("MD3").Send(await mail.LoginAsync("alice", "MD3"), new SendRequest(["team", "bob", "dave"], "All", "hands", "l1"));
        await mail.AssertConsistentAsync();

        var carol = await mail.LoginAsync("carol", "MD2");
        var letter = Assert.Single(await mail.Server("MD2").List(carol));
        Assert.Equal(["bob", "carol", "dave"], letter.To);

        // The message names the list, as the sender did, and none of its members but those addressed by name.
        using var message = MimeMessage.Load(new MemoryStream((await mail.Server("MD2").Peek(carol, letter.Id)).Message!));
        Assert.Equal(["team@maildriver.local", "bob@maildriver.local", "dave@maildriver.local"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Single(await mail.Server("MD1").List(await mail.LoginAsync("dave", "MD1")));

        await mail.Server("MD2").DeleteList(await mail.AdminTokenAsync("MD2"), "team");
        await mail.QuietAsync();
        await Assert.ThrowsAsync<RequestRefusedException>(() =>
            mail.Server("MD3").Send(mail.LoginAsync("alice", "MD3").Result, new SendRequest(["team"], "x", "y", "l2")));
    }

    [Fact]
    public async Task BadInputIsRefusedClearlyAndChangesNothing()
    {
        await using var mail = await MailTestCluster.StartAsync(protocol: p => p["maxLetterBytes"] = 1000);
        await mail.AddUsersAsync("alice", "bob");
        var alice = await mail.LoginAsync("alice", "MD1");
        var server = mail.Server("MD1");
        var before = await mail.QuietAsync();

        var unknown = await Assert.ThrowsAsync<RequestRefusedException>(() => server.Send(alice, new SendRequest(["bob", "nobody"], "s", "b", "x1")));
        Assert.Contains("nobody", unknown.Message);
        var big = await Assert.ThrowsAsync<RequestRefusedException>(() => server.Send(alice, new SendRequest(["bob"], "s", new string('a', 1001), "x2")));
        Assert.Contains("too large", big.Message);
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Send(alice, new SendRequest(["bob"], "s", "b", "")));
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Send(alice, new SendRequest([], "s", "b", "x3")));
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Send(alice, new SendRequest(["bob"], "two\nlines", "b", "x4")));
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Send("v1.forged.token", new SendRequest(["bob"], "s", "b", "x5")));
        // A signature with one character changed (not the last, whose low bits base64 ignores).
        var signatureStart = alice.LastIndexOf('.') + 1;
        var tampered = alice[..signatureStart] + (alice[signatureStart] == 'A' ? 'B' : 'A') + alice[(signatureStart + 1)..];
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Send(tampered, new SendRequest(["bob"], "s", "b", "x6")));
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Login("alice", "wrong"));
        // No token in the request context at all (a caller that did not go through MailSession).
        var anonymous = await Assert.ThrowsAsync<RequestRefusedException>(() => server.Send(new SendRequest(["bob"], "s", "b", "x7")));
        Assert.Contains("not logged in", anonymous.Message);
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Delete(alice, ["MD1.123"]));
        var denied = await Assert.ThrowsAsync<RequestRefusedException>(() => server.AddUser(alice, "mallory", "pw", isAdmin: true));
        Assert.Contains("administrators only", denied.Message);
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.Status(alice));
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.AddUser(mail.AdminTokenAsync().Result, "Bad Name!", "pw", false));
        await Assert.ThrowsAsync<RequestRefusedException>(() => server.AddList(mail.AdminTokenAsync().Result, "ghosts", ["nobody"]));

        var after = await mail.QuietAsync();
        Assert.Equal(before.Machines.Select(m => m.Digest), after.Machines.Select(m => m.Digest));
        Assert.Null(await mail.Store("MD1").Users.GetUserAsync("mallory"));
    }

    [Fact]
    public async Task AnAdminStatusShowsTheCluster()
    {
        await using var mail = await MailTestCluster.StartAsync();
        var status = await mail.Server("MD3").Status(await mail.AdminTokenAsync("MD3"));
        Assert.Equal(("MD1", "MD2", 1L), (status.Master, status.Lieutenant, status.Epoch));
        Assert.Equal(["MD1", "MD2", "MD3"], status.Machines.Select(m => m.Name));
        Assert.All(status.Machines, m => Assert.True(m.Up));
    }
}

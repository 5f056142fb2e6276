using System.Text;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Sessions;

/// <summary>Raw POP3 sessions against real ports, checking the reply to every command (RFC 1939, RFC 2449 CAPA).</summary>
public sealed class Pop3SessionTests(ScriptedCluster fixture) : IClassFixture<ScriptedCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task TheAuthorizationStateAnswersEveryCommand()
    {
        var user = await fixture.NewUserAsync("auth");
        await using var pop = await Cluster.Pop3Async("MD1");

        var capabilities = await pop.Pop3BlockAsync("CAPA");
        Assert.Contains("USER", capabilities);
        Assert.Contains("UIDL", capabilities);
        Assert.Contains("TOP", capabilities);
        Assert.DoesNotContain("STLS", capabilities);

        await pop.CommandAsync("STAT", "-ERR");
        await pop.CommandAsync("RETR 1", "-ERR");
        await pop.CommandAsync("PASS nobody-said-user", "-ERR");
        await pop.CommandAsync("STLS", "-ERR");
        await pop.CommandAsync("APOP alice 0123456789abcdef", "-ERR");
        await pop.CommandAsync("XYZZY", "-ERR");
        await pop.CommandAsync("", "-ERR");
        await pop.CommandAsync("USER", "-ERR");
        await pop.CommandAsync($"USER {user}", "+OK");
        await pop.CommandAsync("PASS wrong", "-ERR [AUTH]");
        // A failed PASS goes back to the start: USER again.
        await pop.CommandAsync($"PASS {user}-pw", "-ERR");
        await pop.CommandAsync("USER nobody-at-all", "+OK");
        await pop.CommandAsync("PASS whatever", "-ERR [AUTH]");
        // The whole address is accepted as the user name, as mail clients send it.
        await pop.CommandAsync($"USER {user.ToUpperInvariant()}@maildriver.local", "+OK");
        Assert.Equal("+OK maildrop has 0 messages (0 octets)", await pop.CommandAsync($"PASS {user}-pw", "+OK"));
        await pop.CommandAsync("USER again", "-ERR");
        await pop.CommandAsync("QUIT", "+OK");
        await pop.ExpectClosedAsync();
    }

    [Fact]
    public async Task TheTransactionStateListsRetrievesAndDeletesAtQuit()
    {
        var user = await fixture.NewUserAsync("drop");
        var first = await Cluster.SendAsync("alice", "MD1", "Grüße", "Dear you,\n.a line with a leading dot\n..and two\n.\nend\n", user);
        var second = await Cluster.SendAsync("bob", "MD1", "Second", "short", user);

        // Sent through MD1, fetched through MD2 at once: the maildrop is "receive mail", which waits for them.
        var (pop, status) = await Cluster.Pop3LoginAsync("MD2", user);
        await using var _ = pop;
        Assert.StartsWith("+OK maildrop has 2 messages (", status, StringComparison.Ordinal);

        var total = long.Parse(System.Text.RegularExpressions.Regex.Match(status, @"\((\d+) octets\)").Groups[1].Value);
        var stat = (await pop.CommandAsync("STAT", "+OK ")).Split(' ');
        Assert.Equal(("2", total), (stat[1], long.Parse(stat[2])));

        var listing = (await pop.Pop3BlockAsync("LIST")).Select(l => l.Split(' ')).ToList();
        Assert.Equal(["1", "2"], listing.Select(l => l[0]));
        Assert.Equal(total, listing.Sum(l => long.Parse(l[1])));
        Assert.Equal($"+OK 2 {listing[1][1]}", await pop.CommandAsync("LIST 2", "+OK"));
        await pop.CommandAsync("LIST 3", "-ERR no such message");
        await pop.CommandAsync("LIST 0", "-ERR no such message");
        await pop.CommandAsync("LIST two", "-ERR invalid message number");
        await pop.CommandAsync("LIST 1 2", "-ERR");

        Assert.Equal([$"1 {first}", $"2 {second}"], await pop.Pop3BlockAsync("UIDL"));
        Assert.Equal($"+OK 1 {first}", await pop.CommandAsync("UIDL 1", "+OK"));

        var top = await pop.Pop3BlockAsync("TOP 1 0");
        Assert.Equal("", top[^1]);
        Assert.Contains(top, l => l.StartsWith("Message-Id: <", StringComparison.Ordinal) && l.EndsWith("@maildriver.local>", StringComparison.Ordinal));
        Assert.Equal(["Dear you,", ".a line with a leading dot"], (await pop.Pop3BlockAsync("TOP 1 2"))[^2..]);
        await pop.CommandAsync("TOP 1 x", "-ERR");
        await pop.CommandAsync("TOP 1", "-ERR");

        var octets = await pop.CommandAsync("RETR 1", "+OK ");
        var message = await pop.ReadPop3BlockAsync();
        Assert.Equal($"+OK {listing[0][1]} octets", octets);
        Assert.Equal(long.Parse(listing[0][1]), message.Sum(l => Encoding.UTF8.GetByteCount(l) + 2));
        Assert.Contains("From: alice@maildriver.local", message);
        Assert.Contains($"To: {user}@maildriver.local", message);
        Assert.Contains("Subject: =?utf-8?b?R3LDvMOfZQ==?=", message);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", message);
        Assert.Equal(["Dear you,", ".a line with a leading dot", "..and two", ".", "end"], message[(message.IndexOf("") + 1)..]);

        await pop.CommandAsync("DELE 2", "+OK");
        await pop.CommandAsync("DELE 2", "-ERR message 2 already deleted");
        await pop.CommandAsync("RETR 2", "-ERR message 2 already deleted");
        await pop.CommandAsync("STAT", "+OK 1 ");
        Assert.Equal(["1"], (await pop.Pop3BlockAsync("LIST")).Select(l => l.Split(' ')[0]));
        await pop.CommandAsync("RSET", "+OK maildrop has 2 messages");
        await pop.CommandAsync("DELE 1", "+OK");
        await pop.CommandAsync("NOOP", "+OK");
        await pop.CommandAsync("NOOP now", "-ERR");
        await pop.CommandAsync("FROB", "-ERR");
        Assert.Equal("+OK Maildriver POP3 server signing off (1 messages deleted)", await pop.CommandAsync("QUIT", "+OK"));
        await pop.ExpectClosedAsync();

        // The delete went through the replicated path: gone on MD1 too. RETR marked the letter read.
        var left = Assert.Single(await Cluster.ReceiveAsync(user, "MD1"));
        Assert.Equal(second, left.Id);
        var again = await Cluster.Pop3LoginAsync("MD1", user);
        await using var __ = again.Client;
        Assert.StartsWith("+OK maildrop has 1 messages", again.Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetrMarksTheLetterReadAndTopDoesNot()
    {
        var user = await fixture.NewUserAsync("read");
        var id = await Cluster.SendAsync("alice", "MD2", "Peek", "body", user);
        var (pop, _) = await Cluster.Pop3LoginAsync("MD1", user);
        await using (pop)
        {
            await pop.Pop3BlockAsync("TOP 1 1");
            Assert.False(Assert.Single(await Cluster.ReceiveAsync(user, "MD1")).Read);

            await pop.Pop3BlockAsync("RETR 1");
            await pop.CommandAsync("QUIT", "+OK");
        }

        var letter = Assert.Single(await Cluster.ReceiveAsync(user, "MD2"));
        Assert.Equal((id, true), (letter.Id, letter.Read));
    }

    [Fact]
    public async Task AConnectionDroppedWithoutQuitDeletesNothing()
    {
        var user = await fixture.NewUserAsync("drop");
        await Cluster.SendAsync("alice", "MD1", "Keep me", "body", user);
        var (pop, _) = await Cluster.Pop3LoginAsync("MD1", user);
        await pop.CommandAsync("DELE 1", "+OK");
        pop.Abort();

        var (later, status) = await Cluster.Pop3LoginAsync("MD1", user);
        await using var _ = later;
        Assert.StartsWith("+OK maildrop has 1 messages", status, StringComparison.Ordinal);
        Assert.Single(await Cluster.ReceiveAsync(user, "MD2"));
    }

    [Fact]
    public async Task ThreeFailedLoginsCloseTheConnection()
    {
        await using var pop = await Cluster.Pop3Async("MD2");
        for (var i = 0; i < 2; i++)
        {
            await pop.CommandAsync("USER alice", "+OK");
            await pop.CommandAsync("PASS not-it", "-ERR [AUTH]");
        }

        await pop.CommandAsync("USER alice", "+OK");
        await pop.CommandAsync("PASS not-it", "-ERR [AUTH]");
        await pop.ExpectClosedAsync();
    }

    [Fact]
    public async Task PipelinedCommandsAreAnsweredInOrder()
    {
        var user = await fixture.NewUserAsync("pipe");
        await Cluster.SendAsync("alice", "MD1", "One", "1", user);
        await using var pop = await Cluster.Pop3Async("MD1");

        await pop.SendRawAsync(Encoding.ASCII.GetBytes($"USER {user}\r\nPASS {user}-pw\r\nSTAT\r\nNOOP\r\nQUIT\r\n"));

        await pop.ExpectAsync("+OK");
        await pop.ExpectAsync("+OK maildrop has 1 messages");
        await pop.ExpectAsync("+OK 1 ");
        await pop.ExpectAsync("+OK");
        await pop.ExpectAsync("+OK Maildriver POP3 server signing off");
        await pop.ExpectClosedAsync();
    }
}

using System.Text;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Sessions;

/// <summary>Raw SMTP submission sessions against real ports, checking the reply to every command (RFC 5321, 6409, 4954).</summary>
public sealed class SmtpSessionTests(ScriptedCluster fixture) : IClassFixture<ScriptedCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task BeforeAMailTransactionEveryCommandGetsItsCode()
    {
        await using var smtp = await Cluster.SmtpAsync("MD1");

        await smtp.SmtpAsync("MAIL FROM:<alice@maildriver.local>", "503");
        await smtp.SmtpAsync("AUTH PLAIN " + Plain("\0alice\0alice-pw"), "503");
        await smtp.SmtpAsync("EHLO", "501");
        var extensions = await smtp.SmtpAsync("EHLO client.example", "250");
        // No ENHANCEDSTATUSCODES: SmtpServer's own replies carry no enhanced codes (RFC 2034 would want them on all).
        Assert.Equal(
            ["maildriver.local at your service", "PIPELINING", $"SIZE {ScriptedCluster.MaxLetterBytes}", "8BITMIME", "AUTH PLAIN"],
            extensions);
        await smtp.SmtpAsync("HELO client.example", "250");
        await smtp.SmtpAsync("MAIL FROM:<alice@maildriver.local>", "530");
        await smtp.SmtpAsync("RCPT TO:<bob@maildriver.local>", "503");
        await smtp.SmtpAsync("DATA", "503");
        await smtp.SmtpAsync("STARTTLS", "502");
        await smtp.SmtpAsync("AUTH LOGIN", "504");
        await smtp.SmtpAsync("AUTH", "501");
        await smtp.SmtpAsync("AUTH PLAIN !!!not-base64!!!", "501");
        await smtp.SmtpAsync("AUTH PLAIN " + Plain("alice-pw"), "501");
        await smtp.SmtpAsync("AUTH PLAIN =", "501");
        await smtp.SmtpAsync("AUTH PLAIN", "334");
        await smtp.SmtpAsync("*", "501");
        await smtp.SmtpAsync("AUTH PLAIN", "334");
        await smtp.SmtpAsync("%%%", "501");
        await smtp.SmtpAsync("AUTH PLAIN " + Plain("\0alice\0wrong"), "535");
        await smtp.SmtpAsync("AUTH PLAIN " + Plain("bob\0alice\0alice-pw"), "535");
        await smtp.SmtpAsync("AUTH PLAIN", "334");
        await smtp.SmtpAsync(Plain("alice\0alice\0alice-pw"), "235");
        await smtp.SmtpAsync("AUTH PLAIN " + Plain("\0alice\0alice-pw"), "503");
        await smtp.SmtpAsync("VRFY bob", "252");
        await smtp.SmtpAsync("EXPN friends", "502");
        await smtp.SmtpAsync("BDAT 10 LAST", "502");
        await smtp.SmtpAsync("HELP", "214");
        await smtp.SmtpAsync("NOOP", "250");
        await smtp.SmtpAsync("RSET", "250");
        await smtp.SmtpAsync("WHAT is this", "500");
        await smtp.SmtpAsync("", "500");
        await smtp.SmtpAsync("QUIT", "221");
        await smtp.ExpectClosedAsync();
    }

    [Fact]
    public async Task AMessageBecomesALetterForUsersAndLists()
    {
        var (dora, emil, list) = (await fixture.NewUserAsync("dora"), await fixture.NewUserAsync("emil"), $"team{Guid.NewGuid():N}"[..12]);
        await Cluster.AddListAsync(list, emil, "bob");
        await using var smtp = await Cluster.SmtpLoginAsync("MD1", "alice");

        await smtp.SmtpAsync("RCPT TO:<bob@maildriver.local>", "503");
        await smtp.SmtpAsync("MAIL FROM:<bob@maildriver.local>", "553");
        await smtp.SmtpAsync("MAIL FROM:<>", "553");
        await smtp.SmtpAsync("MAIL FROM:<alice@elsewhere.example>", "553");
        await smtp.SmtpAsync("MAIL FROM:<unclosed", "501");
        await smtp.SmtpAsync("MAIL TO:<alice@maildriver.local>", "501");
        await smtp.SmtpAsync($"MAIL FROM:<alice@maildriver.local> SIZE={ScriptedCluster.MaxLetterBytes + 1}", "552");
        await smtp.SmtpAsync("MAIL FROM:<alice@maildriver.local> SIZE=lots", "501");
        await smtp.SmtpAsync("MAIL FROM:<alice@maildriver.local> SMTPUTF8", "555");
        await smtp.SmtpAsync("MAIL FROM:<Alice@MAILDRIVER.local> SIZE=200 BODY=8BITMIME", "250");
        await smtp.SmtpAsync("MAIL FROM:<alice@maildriver.local>", "503");
        await smtp.SmtpAsync("DATA", "503");
        await smtp.SmtpAsync("RCPT TO:<nobody@maildriver.local>", "550 5.1.1");
        await smtp.SmtpAsync("RCPT TO:<bob@elsewhere.example>", "550 5.7.1");
        await smtp.SmtpAsync("RCPT TO:<bob> NOTIFY=NEVER", "555");
        await smtp.SmtpAsync("RCPT TO:", "501");
        await smtp.SmtpAsync($"RCPT TO:<{dora}@maildriver.local>", "250");
        await smtp.SmtpAsync($"RCPT TO:<{list}>", "250");
        await smtp.SmtpAsync("DATA now", "501");
        await smtp.SmtpAsync("DATA", "354");
        var messageId = $"<{Guid.NewGuid():N}@client.example>";
        await smtp.SendRawAsync(Encoding.UTF8.GetBytes(
            $"From: Alice <alice@maildriver.local>\r\nTo: {dora}@maildriver.local\r\nSubject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: {messageId}\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Hallo,\r\n..a stuffed line\r\n...\r\nschöne Grüße\r\n.\r\n"));
        var queued = Assert.Single(await smtp.SmtpReplyAsync("250"));
        var id = queued.Split(' ')[^1];
        Assert.StartsWith("MD1.", id, StringComparison.Ordinal);

        // The client never saw the 250 and sends the same message again: the same letter, not a second one.
        await smtp.SmtpAsync("MAIL FROM:<alice@maildriver.local>", "250");
        await smtp.SmtpAsync($"RCPT TO:<{dora}>", "250");
        await smtp.SmtpAsync("DATA", "354");
        await smtp.SendRawAsync(Encoding.UTF8.GetBytes($"Subject: again\r\nMessage-ID: {messageId}\r\n\r\nretry\r\n.\r\n"));
        Assert.EndsWith(id, Assert.Single(await smtp.SmtpReplyAsync("250")), StringComparison.Ordinal);
        await smtp.SmtpAsync("QUIT", "221");

        foreach (var (user, machine) in new[] { (dora, "MD2"), (emil, "MD1"), ("bob", "MD2") })
        {
            var letter = Assert.Single(await Cluster.ReceiveAsync(user, machine), l => l.Id == id);
            Assert.Equal("alice", letter.From);
            Assert.Equal("Grüße", letter.Subject);
            Assert.Equal("Hallo,\n.a stuffed line\n..\nschöne Grüße\n", letter.Body);
            Assert.Equal(new[] { dora, emil, "bob" }.Order(), letter.To.Order());
        }

        Assert.Single(await Cluster.ReceiveAsync(dora, "MD1"));
    }

    [Fact]
    public async Task RsetAbandonsTheTransactionAndTooManyRecipientsWait()
    {
        var user = await fixture.NewUserAsync("rset");
        await using var smtp = await Cluster.SmtpLoginAsync("MD2", "bob");

        await smtp.SmtpAsync("MAIL FROM:<bob>", "250");
        await smtp.SmtpAsync($"RCPT TO:<{user}>", "250");
        await smtp.SmtpAsync("RSET", "250");
        await smtp.SmtpAsync("DATA", "503");
        await smtp.SmtpAsync("MAIL FROM:<bob>", "250");
        for (var i = 0; i < 100; i++)
        {
            await smtp.SendAsync($"RCPT TO:<{user}>");
        }

        for (var i = 0; i < 100; i++)
        {
            await smtp.SmtpReplyAsync("250");
        }

        await smtp.SmtpAsync($"RCPT TO:<{user}>", "452");

        // SmtpServer refuses EHLO inside a transaction (RFC 5321 section 4.1.4 resets only on an EHLO the server
        // accepts); the transaction stays until RSET.
        await smtp.SmtpAsync("EHLO again", "501");
        await smtp.SmtpAsync("RSET", "250");
        await smtp.SmtpAsync("EHLO again", "250");
        await smtp.SmtpAsync("DATA", "503");
        await smtp.SmtpAsync("QUIT", "221");
        Assert.Empty(await Cluster.ReceiveAsync(user, "MD1"));
    }

    [Fact]
    public async Task PipelinedTransactionsAreAnsweredInOrder()
    {
        var user = await fixture.NewUserAsync("pipe");
        await using var smtp = await Cluster.SmtpLoginAsync("MD1", "alice");

        await smtp.SendRawAsync(Encoding.ASCII.GetBytes($"MAIL FROM:<alice>\r\nRCPT TO:<{user}>\r\nRCPT TO:<nobody>\r\nDATA\r\n"));
        await smtp.SmtpReplyAsync("250");
        await smtp.SmtpReplyAsync("250");
        await smtp.SmtpReplyAsync("550");
        await smtp.SmtpReplyAsync("354");
        await smtp.SendRawAsync("Subject: piped\r\n\r\nno Message-ID here\r\n.\r\nNOOP\r\nQUIT\r\n"u8.ToArray());
        await smtp.SmtpReplyAsync("250");
        await smtp.SmtpReplyAsync("250");
        await smtp.SmtpReplyAsync("221");

        var letter = Assert.Single(await Cluster.ReceiveAsync(user, "MD2"));
        Assert.Equal(("piped", "no Message-ID here\n"), (letter.Subject, letter.Body));
    }

    [Fact]
    public async Task TheMessageIsFramedAsRfc5321SaysAndServedByteForByte()
    {
        var user = await fixture.NewUserAsync("frame");
        await using var smtp = await Cluster.SmtpLoginAsync("MD1", "alice");

        // An empty message ends at its "." (SmtpServer alone looks for a CRLF before it, and would wait forever).
        await smtp.SmtpAsync("MAIL FROM:<alice>", "250");
        await smtp.SmtpAsync($"RCPT TO:<{user}>", "250");
        await smtp.SmtpAsync("DATA", "354");
        await smtp.SendRawAsync(".\r\n"u8.ToArray());
        var answer = await smtp.ReadLineAsync();
        Assert.True(answer is not null && (answer.StartsWith("250", StringComparison.Ordinal) || answer.StartsWith("554", StringComparison.Ordinal)), answer);
        await smtp.SmtpAsync("NOOP", "250");

        // RFC 5321 section 4.5.2: a leading "." is removed from every line that has more, ".single" included.
        await smtp.SmtpAsync("MAIL FROM:<alice>", "250");
        await smtp.SmtpAsync($"RCPT TO:<{user}>", "250");
        await smtp.SmtpAsync("DATA", "354");
        await smtp.SendRawAsync("Subject: dots\r\n\r\n.single\r\n..double\r\n...triple\r\nplain\r\n.\r\n"u8.ToArray());
        var id = Assert.Single(await smtp.SmtpReplyAsync("250")).Split(' ')[^1];
        await smtp.SmtpAsync("QUIT", "221");

        var (pop, _) = await Cluster.Pop3LoginAsync("MD2", user);
        await using var _ = pop;
        var number = Assert.Single(await pop.Pop3BlockAsync("UIDL"), l => l.EndsWith(" " + id, StringComparison.Ordinal)).Split(' ')[0];
        Assert.Equal(["Subject: dots", "", "single", ".double", "..triple", "plain"], await pop.Pop3BlockAsync("RETR " + number));
    }

    private static string Plain(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

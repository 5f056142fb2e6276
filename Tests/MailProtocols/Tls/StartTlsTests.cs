using System.Text;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Tls;

/// <summary>
/// With a certificate configured, POP3 offers STLS (RFC 2595) and SMTP STARTTLS (RFC 3207), and neither takes a
/// password before the switch. Raw sessions check the replies; Python's poplib and smtplib check real clients.
/// </summary>
public sealed class StartTlsTests(TlsCluster fixture) : IClassFixture<TlsCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Pop3SwitchesToTlsBeforeThePassword()
    {
        await using var pop = await Cluster.Pop3Async("MD1");
        var before = await pop.Pop3BlockAsync("CAPA");
        Assert.Contains("STLS", before);
        Assert.DoesNotContain("USER", before);
        await pop.CommandAsync("USER alice", "-ERR [AUTH]");
        await pop.CommandAsync("PASS alice-pw", "-ERR [AUTH]");

        // A command sent in the clear right after STLS could be an attacker's: it must be thrown away unread.
        await pop.SendRawAsync("STLS\r\nCAPA\r\n"u8.ToArray());
        await pop.ExpectAsync("+OK");
        await pop.StartTlsAsync();
        await pop.CommandAsync("NOOP", "-ERR log in first");

        var after = await pop.Pop3BlockAsync("CAPA");
        Assert.Contains("USER", after);
        Assert.DoesNotContain("STLS", after);
        await pop.CommandAsync("STLS", "-ERR already using TLS");
        await pop.CommandAsync("USER alice", "+OK");
        await pop.CommandAsync("PASS alice-pw", "+OK maildrop has");
        await pop.CommandAsync("QUIT", "+OK");
    }

    [Fact]
    public async Task SmtpSwitchesToTlsBeforeAuthAndStartsAgain()
    {
        await using var smtp = await Cluster.SmtpAsync("MD2");
        var extensions = await smtp.SmtpAsync("EHLO raw.client", "250");
        Assert.Contains("STARTTLS", extensions);
        Assert.DoesNotContain("AUTH PLAIN", extensions);
        await smtp.SmtpAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0alice-pw")), "538");
        await smtp.SmtpAsync("STARTTLS now", "501");

        await smtp.SendRawAsync("STARTTLS\r\nNOOP\r\n"u8.ToArray());
        await smtp.SmtpReplyAsync("220");
        await smtp.StartTlsAsync();
        // The session starts over: no EHLO yet (and the NOOP sent in the clear was never answered).
        await smtp.SmtpAsync("MAIL FROM:<alice>", "503");
        var secured = await smtp.SmtpAsync("EHLO raw.client", "250");
        Assert.Contains("AUTH PLAIN", secured);
        Assert.DoesNotContain("STARTTLS", secured);
        await smtp.SmtpAsync("STARTTLS", "503");
        await smtp.SmtpAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0alice-pw")), "235");
        await smtp.SmtpAsync("MAIL FROM:<alice>", "250");
        await smtp.SmtpAsync("RCPT TO:<bob>", "250");
        await smtp.SmtpAsync("DATA", "354");
        await smtp.SendRawAsync("Subject: over TLS\r\n\r\nsecret\r\n.\r\n"u8.ToArray());
        await smtp.SmtpReplyAsync("250");
        await smtp.SmtpAsync("QUIT", "221");
    }

    [Fact]
    public async Task PythonsSmtplibAndPoplibWorkOverTls()
    {
        var subject = "TLS " + Guid.NewGuid().ToString("N")[..8];
        var sent = await PythonClient.SendAsync(Cluster.SmtpPort("MD1"), "bob", "bob@maildriver.local", ["alice@maildriver.local"], subject, "sealed\n", "--starttls");
        Assert.Empty(sent["refused"]!.AsObject());

        var fetched = await PythonClient.FetchAsync(Cluster.Pop3Port("MD2"), "alice", "--stls");
        Assert.Contains("STLS", fetched["capabilities"]!.AsArray().Select(c => (string)c!));
        var message = Assert.Single(fetched["messages"]!.AsArray(), m => (string)m!["subject"]! == subject)!;
        Assert.Equal("sealed\n", (string)message["body"]!);
        Assert.Equal((string)sent["messageId"]!, (string)message["messageId"]!);
    }
}

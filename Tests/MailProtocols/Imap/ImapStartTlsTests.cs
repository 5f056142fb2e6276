using System.Text;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.MailProtocols.Tls;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>
/// With a certificate configured, IMAP offers STARTTLS and takes no password before it (RFC 3501 sections 6.2.1
/// and 6.2.3: LOGINDISABLED); what a client pipelines after STARTTLS in the clear is thrown away.
/// </summary>
public sealed class ImapStartTlsTests(TlsCluster fixture) : IClassFixture<TlsCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Imap_switches_to_tls_before_the_password()
    {
        await using var imap = await Cluster.ImapAsync("MD1");
        Assert.Contains("* CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS UNSELECT IDLE STARTTLS LOGINDISABLED", await imap.OkAsync("CAPABILITY"));
        await imap.CommandAsync("LOGIN alice alice-pw", "NO [PRIVACYREQUIRED]");
        await imap.CommandAsync("AUTHENTICATE PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0alice-pw")), "NO [PRIVACYREQUIRED]");

        var (startTls, pipelined) = (imap.TakeTag(), imap.TakeTag());
        await imap.Raw.SendRawAsync(Encoding.ASCII.GetBytes($"{startTls} STARTTLS\r\n{pipelined} CAPABILITY\r\n"));
        await imap.CompletionAsync(startTls, "OK begin TLS negotiation now");
        await imap.Raw.StartTlsAsync();

        // The CAPABILITY sent in the clear was never answered: the next line is the answer to this one.
        Assert.Equal(["* CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS UNSELECT IDLE AUTH=PLAIN"], await imap.OkAsync("CAPABILITY"));
        await imap.CommandAsync("STARTTLS", "BAD already using TLS");
        await imap.CommandAsync("LOGIN alice alice-pw", "OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS UNSELECT IDLE AUTH=PLAIN]");
        await imap.CommandAsync("STARTTLS", "BAD STARTTLS is not allowed now: already logged in");
        await imap.OkAsync("LOGOUT");
    }
}

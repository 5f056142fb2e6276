using System.Text;
using Maildriver.Tests.MailProtocols.Sessions;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>Raw IMAP sessions against real ports, checking the answer to every command (RFC 3501).</summary>
public sealed class ImapSessionTests(ScriptedCluster fixture) : IClassFixture<ScriptedCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task The_not_authenticated_state_answers_every_command_and_logs_in_with_literals()
    {
        var user = await fixture.NewUserAsync("imapauth");
        await using var imap = await Cluster.ImapAsync("MD1");

        var capability = Assert.Single(await imap.OkAsync("CAPABILITY"), l => l.StartsWith("* CAPABILITY ", StringComparison.Ordinal));
        Assert.Equal("* CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS UNSELECT IDLE AUTH=PLAIN", capability);
        Assert.Empty(await imap.OkAsync("NOOP"));
        await imap.CommandAsync("SELECT INBOX", "BAD SELECT is not allowed now: log in first");
        await imap.CommandAsync("FETCH 1 FLAGS", "BAD FETCH is not allowed now: log in first");
        await imap.CommandAsync("XYZZY", "BAD unknown command XYZZY");
        await imap.CommandAsync("LOGIN", "BAD missing argument");
        await imap.CommandAsync($"LOGIN {user} wrong", "NO [AUTHENTICATIONFAILED]");
        await imap.CommandAsync("AUTHENTICATE CRAM-MD5", "NO [CANNOT]");

        // A synchronizing literal waits for "+"; the password is a literal holding a space and a quote.
        var tag = imap.TakeTag();
        await imap.Raw.SendAsync($"{tag} LOGIN {user} {{3}}");
        await imap.Raw.ExpectAsync("+ ");
        await imap.Raw.SendAsync("a\"b");
        await imap.CompletionAsync(tag, "NO [AUTHENTICATIONFAILED]");

        // The third failure in a session would close it: a new connection logs in with LITERAL+.
        await using var second = await Cluster.ImapAsync("MD1");
        var password = Encoding.UTF8.GetBytes($"{user}-pw");
        tag = second.TakeTag();
        await second.Raw.SendAsync($"{tag} LOGIN \"{user}\" {{{password.Length}+}}\r\n{user}-pw");
        var (_, completion) = await second.CompletionAsync(tag, "OK [CAPABILITY IMAP4rev1 ");
        Assert.EndsWith($"logged in as {user}", completion, StringComparison.Ordinal);
        await second.CommandAsync($"LOGIN {user} {user}-pw", "BAD LOGIN is not allowed now: already logged in");
        await second.CommandAsync("FETCH 1 FLAGS", "BAD FETCH is not allowed now: no mailbox is selected");
        Assert.Equal(["* BYE Maildriver IMAP server logging out"], await second.OkAsync("LOGOUT"));
        await second.Raw.ExpectClosedAsync();
    }

    [Fact]
    public async Task Authenticate_plain_takes_the_response_after_a_continuation_or_with_the_command()
    {
        var user = await fixture.NewUserAsync("imapplain");
        await using var imap = await Cluster.ImapAsync("MD2");
        var tag = imap.TakeTag();
        await imap.Raw.SendAsync($"{tag} AUTHENTICATE PLAIN");
        await imap.Raw.ExpectAsync("+ ");
        await imap.Raw.SendAsync("*");
        await imap.CompletionAsync(tag, "BAD AUTHENTICATE cancelled");
        await imap.CommandAsync("AUTHENTICATE PLAIN not-base64!", "BAD malformed PLAIN response");
        await imap.CommandAsync("AUTHENTICATE PLAIN " + Plain("alice", user, $"{user}-pw"), "NO [AUTHORIZATIONFAILED]");
        await imap.CommandAsync("AUTHENTICATE PLAIN " + Plain(string.Empty, user, $"{user}-pw"), "OK [CAPABILITY");
        Assert.Contains($"* STATUS INBOX (MESSAGES 0 UNSEEN 0)", await imap.OkAsync("STATUS inbox (MESSAGES UNSEEN)"));
    }

    [Fact]
    public async Task List_lsub_and_status_know_only_inbox()
    {
        var user = await fixture.NewUserAsync("imaplist");
        await using var imap = await Cluster.ImapLoginAsync("MD1", user);
        Assert.Equal(["* LIST (\\Noselect) \"/\" \"\""], await imap.OkAsync("LIST \"\" \"\""));
        Assert.Equal(["* LIST (\\HasNoChildren) \"/\" INBOX"], await imap.OkAsync("LIST \"\" *"));
        Assert.Equal(["* LIST (\\HasNoChildren) \"/\" INBOX"], await imap.OkAsync("LIST \"\" \"In%\""));
        Assert.Empty(await imap.OkAsync("LIST \"\" Archive*"));
        Assert.Equal(["* LSUB (\\HasNoChildren) \"/\" INBOX"], await imap.OkAsync("LSUB \"\" *"));
        await imap.CommandAsync("STATUS Archive (MESSAGES)", "NO [NONEXISTENT]");
        await imap.CommandAsync("STATUS INBOX (SIZE)", "BAD unknown STATUS item 'SIZE'");
        await imap.CommandAsync("SELECT Archive", "NO [NONEXISTENT]");
        await imap.CommandAsync("CREATE Archive", "NO [CANNOT]");
        await imap.CommandAsync("APPEND INBOX {5+}\r\nhello", "NO [CANNOT]");
        Assert.Empty(await imap.OkAsync("NOOP"));
    }

    private static string Plain(string authzid, string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{authzid}\0{user}\0{password}"));
}

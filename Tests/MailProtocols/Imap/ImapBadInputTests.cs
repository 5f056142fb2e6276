using Maildriver.Tests.MailProtocols.Sessions;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>
/// Malformed, unknown and oversized input: a tagged (or, without a readable tag, untagged) BAD, nothing changed, and
/// the session goes on; only a non-synchronizing literal too large to take ends the connection (RFC 7888 section 4).
/// </summary>
public sealed class ImapBadInputTests(ScriptedCluster fixture) : IClassFixture<ScriptedCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Bad_commands_and_sequence_sets_are_answered_bad_and_change_nothing()
    {
        var user = await fixture.NewUserAsync("imapbad");
        var id = await Cluster.SendAsync("alice", "MD1", "Only", "text", user);
        await Cluster.Mail.QuietAsync();
        await using var imap = await Cluster.ImapLoginAsync("MD1", user);
        await imap.OkAsync("SELECT INBOX");

        await imap.Raw.SendAsync("");
        await imap.Raw.ExpectAsync("* BAD missing or bad tag");
        await imap.Raw.SendAsync("+tag NOOP");
        await imap.Raw.ExpectAsync("* BAD missing or bad tag");
        await imap.CommandAsync("FROB 1", "BAD unknown command FROB");
        await imap.CommandAsync("UID FROB 1", "BAD unknown command UID FROB");
        await imap.CommandAsync("NOOP extra", "BAD unexpected characters");
        await imap.CommandAsync("FETCH 0 FLAGS", "BAD bad sequence set '0'");
        await imap.CommandAsync("FETCH 1:x FLAGS", "BAD bad sequence set '1:x'");
        await imap.CommandAsync("FETCH 1,,2 FLAGS", "BAD bad sequence set");
        await imap.CommandAsync("FETCH 4294967296 FLAGS", "BAD bad sequence set");
        await imap.CommandAsync("FETCH 2 FLAGS", "BAD no such message");
        await imap.CommandAsync("FETCH 1 (FLAGS", "BAD expected ')'");
        await imap.CommandAsync("FETCH 1 BOGUS", "BAD unknown FETCH item 'BOGUS'");
        await imap.CommandAsync("FETCH 1 BODY[0]", "BAD bad body part number '0'");
        await imap.CommandAsync("FETCH 1 BODY[1.]", "BAD a body part number ends with '.'");
        await imap.CommandAsync("FETCH 1 BODY[MIME]", "BAD unknown body section 'MIME'");
        await imap.CommandAsync("FETCH 1 BODY[]<5.0>", "BAD a partial fetch needs a non-zero length");
        await imap.CommandAsync("FETCH  1 FLAGS", "BAD");
        await imap.CommandAsync("STORE 1 FLAGS.LOUD (\\Seen)", "BAD unknown STORE item");
        await imap.CommandAsync("STORE 1 +FLAGS (\\Seen", "BAD expected ')'");
        await imap.CommandAsync("STORE 1:2 +FLAGS (\\Deleted)", "BAD no such message");
        await imap.CommandAsync("SEARCH SINCE yesterday", "BAD bad date");
        await imap.CommandAsync("SEARCH OR SEEN", "BAD missing argument");
        await imap.CommandAsync("SEARCH BODY lunch", "BAD unknown or unsupported search key 'BODY'");
        await imap.CommandAsync("LOGIN a b", "BAD LOGIN is not allowed now: already logged in");
        await imap.CommandAsync("SELECT \"INBOX", "BAD unterminated quoted string");

        // Nothing of the above touched the letter.
        Assert.Equal(["* 1 FETCH (FLAGS ())"], await imap.OkAsync("FETCH 1 FLAGS"));
        await imap.OkAsync("EXPUNGE");
        Assert.Equal([id], (await Cluster.ReceiveAsync(user, "MD2")).Select(l => l.Id));
    }

    [Fact]
    public async Task Oversized_lines_and_literals_are_refused_and_the_session_goes_on()
    {
        var user = await fixture.NewUserAsync("imapbig");
        await using var imap = await Cluster.ImapLoginAsync("MD1", user);

        await imap.Raw.SendAsync("a1 NOOP " + new string('x', 9000));
        await imap.Raw.ExpectAsync("* BAD command line too long");
        Assert.Empty(await imap.OkAsync("NOOP"));

        // A synchronizing literal too large gets no "+": the client sends nothing of it.
        var tag = imap.TakeTag();
        await imap.Raw.SendAsync($"{tag} SEARCH SUBJECT {{70000}}");
        await imap.CompletionAsync(tag, "BAD literal too large: at most 65536 octets per command");
        Assert.Equal(["* STATUS INBOX (MESSAGES 0)"], await imap.OkAsync("STATUS INBOX (MESSAGES)"));

        // A non-synchronizing one is on its way already: the server says BYE and closes.
        await imap.Raw.SendAsync("a9 SEARCH SUBJECT {70000+}");
        await imap.Raw.ExpectAsync("* BYE literal too large");
        await imap.Raw.ExpectClosedAsync();
    }
}

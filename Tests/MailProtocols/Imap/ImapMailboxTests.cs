using System.Text.RegularExpressions;
using Maildriver.Tests.MailProtocols.Sessions;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>
/// Raw IMAP sessions on a selected INBOX: SELECT's status, FETCH, STORE, SEARCH and EXPUNGE, each checked on the
/// wire and, for what they change, through the client API on the other machine (RFC 3501 section 6.4).
/// </summary>
public sealed partial class ImapMailboxTests(ScriptedCluster fixture) : IClassFixture<ScriptedCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Select_fetch_store_search_and_expunge_work_on_the_replicated_inbox()
    {
        var user = await fixture.NewUserAsync("imapbox");
        var first = await Cluster.SendAsync("alice", "MD1", "First letter", "Dear you,\nline two\n", user);
        var second = await Cluster.SendAsync("bob", "MD2", "Second", "short", user);
        await Cluster.Mail.QuietAsync();
        var letters = await Cluster.ReceiveAsync(user, "MD2");
        var (uid1, uid2) = (letters.Single(l => l.Id == first).Uid, letters.Single(l => l.Id == second).Uid);
        Assert.True(uid1 < uid2);

        await using var imap = await Cluster.ImapLoginAsync("MD2", user);
        var (select, completion) = await imap.CommandAsync("SELECT INBOX", "OK [READ-WRITE]");
        Assert.Equal(
            ["* 2 EXISTS", "* 0 RECENT", "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen)", "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen)] limited",
             $"* OK [UIDVALIDITY {letters[0].UidValidity}] UIDs valid", $"* OK [UIDNEXT {uid2 + 1}] predicted next UID", "* OK [UNSEEN 1] first unseen message"],
            select);
        Assert.EndsWith("SELECT completed", completion, StringComparison.Ordinal);

        Assert.Equal([$"* 1 FETCH (UID {uid1} FLAGS ())", $"* 2 FETCH (UID {uid2} FLAGS ())"], await imap.OkAsync("FETCH 1:* (UID FLAGS)"));
        Assert.Equal([$"* 2 FETCH (UID {uid2} FLAGS ())"], await imap.OkAsync($"UID FETCH {uid2}:* FLAGS"));
        Assert.Empty(await imap.OkAsync($"UID FETCH {uid2 + 10} FLAGS"));

        var envelope = Assert.Single(await imap.OkAsync("FETCH 1 ENVELOPE"));
        Assert.Matches($"^\\* 1 FETCH \\(ENVELOPE \\(\"[^\"]+\" \"First letter\" \\(\\(NIL NIL \"alice\" \"maildriver.local\"\\)\\) .* \\(\\(NIL NIL \"{user}\" \"maildriver.local\"\\)\\) NIL NIL NIL \"<[^\"]+>\"\\)\\)$", envelope);

        var header = await imap.OkAsync($"UID FETCH {uid2} (BODY.PEEK[HEADER.FIELDS (Subject)])");
        Assert.Equal([$"* 2 FETCH (UID {uid2} BODY[HEADER.FIELDS (SUBJECT)] {{19}}", "Subject: Second", "", ")"], header);
        Assert.Equal(["* 2 FETCH (BODY[TEXT]<0> {5}", "short)"], await imap.OkAsync("FETCH 2 BODY.PEEK[TEXT]<0.5>"));
        Assert.False((await Cluster.ReceiveAsync(user, "MD1")).Single(l => l.Id == second).Read);

        // BODY[] without PEEK reads the letter: \Seen is set on every machine and the response says so.
        var body = await imap.OkAsync("FETCH 1 (RFC822.SIZE BODY[TEXT])");
        Assert.Matches(@"^\* 1 FETCH \(RFC822\.SIZE \d+ BODY\[TEXT\] \{\d+\}$", body[0]);
        Assert.Equal(" FLAGS (\\Seen))", body[^1]);
        Assert.Contains("Dear you,", string.Join("\n", body));

        Assert.Equal(["* 2 FETCH (FLAGS (\\Flagged))"], await imap.OkAsync("STORE 2 +FLAGS (\\Flagged)"));
        Assert.Equal([$"* 2 FETCH (UID {uid2} FLAGS (\\Answered \\Flagged))"], await imap.OkAsync($"UID STORE {uid2} +FLAGS \\Answered"));
        Assert.Empty(await imap.OkAsync("STORE 2 -FLAGS.SILENT (\\Answered)"));
        Assert.Equal(["* 1 FETCH (FLAGS ())"], await imap.OkAsync("STORE 1 -FLAGS (\\Seen)"));
        Assert.Equal(["* 1 FETCH (FLAGS (\\Seen))"], await imap.OkAsync("STORE 1 +FLAGS (\\Seen)"));
        await imap.CommandAsync("STORE 1 +FLAGS (\\Draft)", "NO [CANNOT]");
        await Cluster.Mail.QuietAsync();
        var onMd1 = await Cluster.ReceiveAsync(user, "MD1");
        Assert.Equal((true, false, false), (onMd1.Single(l => l.Id == first).Read, onMd1.Single(l => l.Id == first).Flagged, onMd1.Single(l => l.Id == first).Answered));
        Assert.Equal((false, true, false), (onMd1.Single(l => l.Id == second).Read, onMd1.Single(l => l.Id == second).Flagged, onMd1.Single(l => l.Id == second).Answered));

        Assert.Equal(["* SEARCH 2"], await imap.OkAsync("SEARCH FLAGGED"));
        Assert.Equal(["* SEARCH 2"], await imap.OkAsync("SEARCH UNSEEN"));
        Assert.Equal(["* SEARCH 1"], await imap.OkAsync("SEARCH NOT UNSEEN"));
        Assert.Equal(["* SEARCH 1 2"], await imap.OkAsync("SEARCH OR SEEN FLAGGED"));
        Assert.Equal([$"* SEARCH {uid2}"], await imap.OkAsync("UID SEARCH CHARSET UTF-8 SUBJECT \"second\""));
        Assert.Equal(["* SEARCH 1"], await imap.OkAsync("SEARCH FROM alice TO " + user));
        Assert.Equal(["* SEARCH 1 2"], await imap.OkAsync("SEARCH SINCE 1-Jan-2020 ALL"));
        Assert.Equal(["* SEARCH"], await imap.OkAsync("SEARCH BEFORE 1-Jan-2020"));
        Assert.Equal(["* SEARCH 2"], await imap.OkAsync($"SEARCH UID {uid2}:*"));
        Assert.Equal(["* SEARCH 1"], await imap.OkAsync("SEARCH (1 SEEN)"));
        await imap.CommandAsync("SEARCH CHARSET KOI8-R ALL", "NO [BADCHARSET (UTF-8 US-ASCII)]");

        // \Deleted is the session's until EXPUNGE, which deletes on every machine.
        Assert.Equal(["* 1 FETCH (FLAGS (\\Deleted \\Seen))"], await imap.OkAsync("STORE 1 +FLAGS (\\Deleted)"));
        Assert.Equal(["* SEARCH 1"], await imap.OkAsync("SEARCH DELETED"));
        Assert.Equal(["* 1 EXPUNGE"], await imap.OkAsync("EXPUNGE"));
        Assert.Equal([$"* 1 FETCH (UID {uid2} FLAGS (\\Flagged))"], await imap.OkAsync("FETCH 1 (UID FLAGS)"));
        await Cluster.Mail.QuietAsync();
        Assert.Equal([second], (await Cluster.ReceiveAsync(user, "MD1")).Select(l => l.Id));

        await imap.OkAsync("CLOSE");
        await imap.CommandAsync("FETCH 1 FLAGS", "BAD FETCH is not allowed now: no mailbox is selected");
        await imap.OkAsync("LOGOUT");
    }

    [Fact]
    public async Task Examine_is_read_only_and_uid_expunge_takes_only_the_uids_named()
    {
        var user = await fixture.NewUserAsync("imapro");
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add(await Cluster.SendAsync("alice", "MD1", $"Letter {i}", "text", user));
        }

        await Cluster.Mail.QuietAsync();
        await using var imap = await Cluster.ImapLoginAsync("MD1", user);
        var (_, examined) = await imap.CommandAsync("EXAMINE INBOX", "OK [READ-ONLY]");
        Assert.EndsWith("EXAMINE completed", examined, StringComparison.Ordinal);
        await imap.CommandAsync("STORE 1 +FLAGS (\\Flagged)", "NO [READ-ONLY]");
        await imap.CommandAsync("EXPUNGE", "NO [READ-ONLY]");
        var fetched = await imap.OkAsync("FETCH 1 BODY[]");
        Assert.DoesNotContain(fetched, l => l.Contains("\\Seen", StringComparison.Ordinal));
        Assert.All(await Cluster.ReceiveAsync(user, "MD1"), l => Assert.False(l.Read));

        var uids = (await imap.OkAsync("UID SEARCH ALL")).Single()["* SEARCH ".Length..].Split(' ').Select(long.Parse).ToList();
        await imap.OkAsync("SELECT INBOX");
        await imap.OkAsync("STORE 1:* +FLAGS.SILENT (\\Deleted)");
        Assert.Equal(["* 3 EXPUNGE", "* 1 EXPUNGE"], await imap.OkAsync($"UID EXPUNGE {uids[0]},{uids[2]}"));
        Assert.Equal([$"* 1 FETCH (UID {uids[1]} FLAGS (\\Deleted))"], await imap.OkAsync("FETCH 1:* (UID FLAGS)"));

        // UNSELECT leaves the last \Deleted letter where it is.
        await imap.OkAsync("UNSELECT");
        await Cluster.Mail.QuietAsync();
        Assert.Equal([ids[1]], (await Cluster.ReceiveAsync(user, "MD2")).Select(l => l.Id));
    }

    [Fact]
    public async Task Idle_pushes_a_letter_sent_through_another_machine()
    {
        var user = await fixture.NewUserAsync("imapidle");
        await using var imap = await Cluster.ImapLoginAsync("MD1", user);
        Assert.Contains("* 0 EXISTS", await imap.OkAsync("SELECT INBOX"));
        var tag = imap.TakeTag();
        await imap.Raw.SendAsync($"{tag} IDLE");
        await imap.Raw.ExpectAsync("+ idling");

        await Cluster.SendAsync("bob", "MD2", "Pushed", "hello", user);
        await imap.Raw.ExpectAsync("* 1 EXISTS");
        await imap.Raw.SendAsync("DONE");
        await imap.CompletionAsync(tag, "OK IDLE terminated");
        Assert.Matches(UidFlags(), Assert.Single(await imap.OkAsync("FETCH 1 (UID FLAGS)")));
    }

    [GeneratedRegex(@"^\* 1 FETCH \(UID \d+ FLAGS \(\)\)$")]
    private static partial Regex UidFlags();
}

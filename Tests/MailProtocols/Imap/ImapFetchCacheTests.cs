using Maildriver.Grains.Server;
using Maildriver.Tests.MailProtocols.Sessions;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>
/// Raw IMAP sessions on what issue 17's benchmark asks to be cheap and what \Seen's clear order brings: FETCH of many
/// letters' ENVELOPE, RFC822.SIZE and BODYSTRUCTURE from the mailbox's list, one bulk call and the machine's cache,
/// byte for byte what the letters' own messages give; STORE clearing \Seen on every machine; SEARCH LARGER and SMALLER.
/// </summary>
public sealed class ImapFetchCacheTests(ScriptedCluster fixture) : IClassFixture<ScriptedCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Fetch_of_many_letters_in_bulk_answers_as_each_letters_own_message_does()
    {
        var user = await fixture.NewUserAsync("imapbulk");
        for (var i = 1; i <= 5; i++)
        {
            await Cluster.SendAsync(i % 2 == 0 ? "bob" : "alice", i % 2 == 0 ? "MD2" : "MD1", $"Bulk {i}", string.Concat(Enumerable.Repeat("line of text\n", i * 7)), user);
        }

        await Cluster.Mail.QuietAsync();

        // MD1 renders each letter from its message, read with BODY.PEEK[]; MD2 (a cache of its own) from the list, one
        // Summaries call and a Peek per structure, then from its cache.
        await using var single = await Cluster.ImapLoginAsync("MD1", user);
        await single.OkAsync("EXAMINE INBOX");
        var fromMessages = new List<string>();
        for (var n = 1; n <= 5; n++)
        {
            var lines = await single.OkAsync($"FETCH {n} (RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[])");
            var size = lines[0][(lines[0].IndexOf("RFC822.SIZE ", StringComparison.Ordinal) + "RFC822.SIZE ".Length)..].Split(' ')[0];
            Assert.EndsWith($" BODY[] {{{size}}}", lines[0], StringComparison.Ordinal);
            fromMessages.Add(lines[0][..^$" BODY[] {{{size}}}".Length] + ")");
        }

        await using var bulk = await Cluster.ImapLoginAsync("MD2", user);
        await bulk.OkAsync("SELECT INBOX");
        var cold = await bulk.OkAsync("FETCH 1:* (RFC822.SIZE ENVELOPE BODYSTRUCTURE)");
        Assert.Equal(fromMessages, cold);
        Assert.Equal(cold, await bulk.OkAsync("FETCH 1:* (RFC822.SIZE ENVELOPE BODYSTRUCTURE)"));
        Assert.Contains("\"Bulk 3\"", cold[2], StringComparison.Ordinal);

        // Envelopes alone take the bulk path without the structures; BODY is BODYSTRUCTURE without extension data.
        var envelopes = await bulk.OkAsync("FETCH 1:* (FLAGS ENVELOPE)");
        Assert.Equal(5, envelopes.Count);
        Assert.All(envelopes, l => Assert.Matches(@"^\* \d FETCH \(FLAGS \(\) ENVELOPE \(.*\)\)$", l));
        Assert.Matches(@"^\* 1 FETCH \(BODY \(""TEXT"" ""PLAIN"" .*\)\)$", Assert.Single(await bulk.OkAsync("FETCH 1 BODY")));
        Assert.DoesNotContain((await Cluster.ReceiveAsync(user, "MD2")), l => l.Read);
    }

    [Fact]
    public async Task Store_clears_seen_on_every_machine_and_search_compares_sizes()
    {
        var user = await fixture.NewUserAsync("imapunseen");
        var small = await Cluster.SendAsync("alice", "MD1", "Small", "tiny", user);
        var large = await Cluster.SendAsync("bob", "MD2", "Large", string.Concat(Enumerable.Repeat("a longer line of text\n", 40)), user);
        await Cluster.Mail.QuietAsync();

        await using var imap = await Cluster.ImapLoginAsync("MD1", user);
        await imap.OkAsync("SELECT INBOX");
        await using var watcher = await Cluster.ImapLoginAsync("MD2", user);
        await watcher.OkAsync("SELECT INBOX");

        await imap.OkAsync("FETCH 1 BODY[TEXT]");
        Assert.Equal(["* 1 FETCH (FLAGS ())"], await imap.OkAsync("STORE 1 -FLAGS (\\Seen)"));
        Assert.Equal(["* 1 FETCH (FLAGS (\\Flagged \\Seen))", "* 2 FETCH (FLAGS (\\Flagged \\Seen))"], await imap.OkAsync("STORE 1:2 FLAGS (\\Seen \\Flagged)"));
        Assert.Empty(await imap.OkAsync("STORE 2 FLAGS.SILENT ()"));
        await Cluster.Mail.QuietAsync();

        foreach (var machine in (string[])["MD1", "MD2"])
        {
            var letters = await Cluster.ReceiveAsync(user, machine);
            Assert.Equal((true, true), (letters.Single(l => l.Id == small).Read, letters.Single(l => l.Id == small).Flagged));
            Assert.Equal((false, false), (letters.Single(l => l.Id == large).Read, letters.Single(l => l.Id == large).Flagged));
        }

        // The other session is told at its next NOOP: only the first letter's flags changed for it.
        var told = await watcher.OkAsync("NOOP");
        Assert.Matches(@"^\* 1 FETCH \(UID \d+ FLAGS \(\\Flagged \\Seen\)\)$", Assert.Single(told));
        Assert.Equal(["* SEARCH 2"], await watcher.OkAsync("SEARCH UNSEEN"));

        var sizes = (await imap.OkAsync("FETCH 1:2 RFC822.SIZE")).Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(sizes[0] < sizes[1]);
        Assert.Equal(["* SEARCH 2"], await imap.OkAsync($"SEARCH LARGER {sizes[0]}"));
        Assert.Equal(["* SEARCH 1"], await imap.OkAsync($"SEARCH SMALLER {sizes[1]}"));
        Assert.Equal(["* SEARCH"], await imap.OkAsync($"SEARCH LARGER {sizes[1]}"));
        Assert.Equal(["* SEARCH 1 2"], await imap.OkAsync($"SEARCH OR LARGER {sizes[0]} SMALLER {sizes[1]}"));
        await imap.CommandAsync("SEARCH LARGER big", "BAD");
    }

    [Fact]
    public async Task A_search_after_another_session_deleted_a_letter_leaves_it_out_until_the_expunge_is_told()
    {
        var user = await fixture.NewUserAsync("imapgone");
        var gone = await Cluster.SendAsync("alice", "MD1", "Going", "soon deleted", user);
        await Cluster.SendAsync("bob", "MD2", "Staying", "kept", user);
        await Cluster.Mail.QuietAsync();
        await using var imap = await Cluster.ImapLoginAsync("MD1", user);
        await imap.OkAsync("SELECT INBOX");

        await Cluster.Server("MD2").Delete(await Cluster.Mail.LoginAsync(user, "MD2"), [gone]);
        await Cluster.Mail.QuietAsync();

        // Numbers stay put during SEARCH (RFC 3501 section 7.4.1); the deleted letter has no size or header to match.
        Assert.Equal(["* SEARCH 2"], await imap.OkAsync("SEARCH LARGER 1"));
        Assert.Equal(["* SEARCH 2"], await imap.OkAsync("SEARCH OR FROM alice FROM bob"));
        Assert.Equal(["* SEARCH 1 2"], await imap.OkAsync("SEARCH ALL"));
        Assert.Equal(["* 1 EXPUNGE", "* 1 EXISTS"], await imap.OkAsync("NOOP"));
        Assert.Equal(["* SEARCH 1"], await imap.OkAsync("SEARCH SUBJECT staying"));
    }
}

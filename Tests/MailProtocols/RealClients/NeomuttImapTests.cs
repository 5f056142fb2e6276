using System.Globalization;
using MailKit;
using Maildriver.Tests.MailProtocols.ImapCluster;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Processes;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// neomutt, a terminal mail client from Debian, under tmux against two silo processes: it opens MD2's INBOX over
/// IMAP (a private muttrc, no caches, plain IMAP on 127.0.0.1 as the test cluster has no TLS), shows a letter's
/// text, deletes it and syncs the mailbox; the delete reaches both machines and the other letter stays unread.
/// </summary>
[Collection(MailClientsCollection.Name)]
public sealed class NeomuttImapTests(MailPortsProcessCluster fixture)
{
    [Fact]
    public async Task Neomutt_reads_a_letter_and_deletes_it_over_IMAP()
    {
        TmuxSession.RequireTmux();
        var neomutt = ExternalTool.Require("neomutt", "neomutt");
        var (sender, reader) = (await fixture.NewUserAsync("muttfrom"), await fixture.NewUserAsync("muttto"));
        var kept = SmtpSubmission.Letter(sender, reader, "Kept for later");
        var doomed = SmtpSubmission.Letter(sender, reader, "Read and deleted in neomutt");
        await SmtpSubmission.SendAsync(fixture.SmtpPort("MD1"), sender, kept);
        await SmtpSubmission.SendAsync(fixture.SmtpPort("MD1"), sender, doomed);
        await ImapAgreement.WaitAsync(fixture, ["MD1", "MD2"], reader, v => v.Count == 2, "the two letters");

        var home = Directory.CreateDirectory(Path.Combine(fixture.Cluster.Folder, $"{reader}-home")).FullName;
        var muttrc = Path.Combine(home, "muttrc");
        await File.WriteAllTextAsync(muttrc, Muttrc(fixture.ImapPort("MD2"), reader));
        await using var tmux = await TmuxSession.StartAsync(
            [neomutt, "-n", "-F", muttrc], 100, 30, new Dictionary<string, string?> { ["HOME"] = home, ["LANG"] = "C.UTF-8", ["MAIL"] = null });

        await tmux.WaitForTextAsync("Read and deleted in neomutt");
        Assert.Contains("Kept for later", await tmux.CaptureAsync(), StringComparison.Ordinal);

        // Find the letter by its subject, read it in the pager, back to the index.
        await tmux.TypeAsync("/deleted in neomutt");
        await tmux.SendKeysAsync("Enter");
        await tmux.SendKeysAsync("Enter");
        var pager = await tmux.WaitForTextAsync($"Read and deleted in neomutt, written for {reader}.");
        Assert.Contains($"From: {sender}@maildriver.local", pager, StringComparison.Ordinal);
        await tmux.SendKeysAsync("q");
        await tmux.WaitForAsync(s => !s.Contains($"written for {reader}.", StringComparison.Ordinal), "the index again");

        // d marks it, $ syncs: neomutt stores \Deleted and expunges (delete=yes asks nothing).
        await tmux.TypeAsync("d");
        await tmux.TypeAsync("$");
        await tmux.WaitForAsync(s => !s.Contains("Read and deleted in neomutt", StringComparison.Ordinal), "the letter gone from the index");

        var left = await ImapAgreement.WaitAsync(fixture, ["MD1", "MD2"], reader, v => v.Count == 1, "neomutt's delete");
        Assert.Equal((kept.MessageId, MessageFlags.None), (left.Letters[0].MessageId, left.Letters[0].Flags));
        foreach (var machine in new[] { "MD1", "MD2" })
        {
            var listed = Assert.Single((await fixture.Cli.As(reader, fixture.Cluster.Gateway(machine)).JsonAsync("list")).AsArray())!;
            Assert.Equal(("Kept for later", false), ((string)listed["subject"]!, (bool)listed["read"]!));
        }

        await tmux.TypeAsync("q");
        Assert.Equal(0, await tmux.ExitAsync());
    }

    // A muttrc of the test's own: the INBOX of one machine over plain IMAP, nothing cached, nothing asked.
    private static string Muttrc(int port, string user) => string.Join('\n', [
        string.Create(CultureInfo.InvariantCulture, $"set folder = \"imap://{user}@127.0.0.1:{port}/\""),
        "set spoolfile = \"+INBOX\"",
        $"set imap_user = \"{user}\"",
        $"set imap_pass = \"{CliSessionFactory.PasswordOf(user)}\"",
        "set ssl_starttls = no",
        "set ssl_force_tls = no",
        "set header_cache = \"\"",
        "set message_cachedir = \"\"",
        "set imap_check_subscribed = no",
        "set record = \"\"",
        "set postponed = \"\"",
        "set delete = yes",
        "set move = no",
        "set quit = yes",
        "set mark_old = no",
        "set sort = date-sent",
        "set wait_key = no",
        "set pager_stop = yes",
        ""]);
}

using MailKit;
using Maildriver.Tests.MailProtocols.RealClients;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Processes;

namespace Maildriver.Tests.MailProtocols.ImapCluster;

/// <summary>
/// UIDs over IMAP on three silo processes: letters submitted through every machine's SMTP port at once get the same
/// UIDVALIDITY, UIDs and UIDNEXT on MD1, MD2 and MD3, word for word in raw <c>STATUS</c> and <c>UID FETCH</c>
/// answers; after deletes (the highest UID among them) and flags the three agree again, and later letters get
/// higher UIDs than any given before, the deleted ones included.
/// </summary>
[Collection(ImapClusterCollection.Name)]
public sealed class ImapUidsAcrossMachinesTests(ThreeMachineMailPorts fixture)
{
    private static readonly string[] Machines = ["MD1", "MD2", "MD3"];

    private MailPortsProcessCluster Mail => fixture.Mail;

    [Fact]
    public async Task Every_machine_shows_the_same_UIDs_before_and_after_deletes()
    {
        var (sender, reader) = (await Mail.NewUserAsync("uidfrom"), await Mail.NewUserAsync("uidto"));
        // Two letters through each machine, the three machines at once.
        var sent = await Task.WhenAll(Machines.Select(async machine =>
        {
            var ids = new List<string>();
            for (var i = 1; i <= 2; i++)
            {
                var letter = SmtpSubmission.Letter(sender, reader, $"{machine} letter {i}");
                await SmtpSubmission.SendAsync(Mail.SmtpPort(machine), sender, letter);
                ids.Add(letter.MessageId!);
            }

            return ids;
        }));

        var six = await ImapAgreement.WaitAsync(Mail, Machines, reader, v => v.Count == 6, "six letters");
        Assert.Equal(sent.SelectMany(ids => ids).Order(StringComparer.Ordinal), six.Letters.Select(l => l.MessageId).Order(StringComparer.Ordinal));
        AssertAscending(six);
        Assert.Equal(await RawAnswersAsync("MD1", reader), await RawAnswersAsync("MD2", reader));
        Assert.Equal(await RawAnswersAsync("MD1", reader), await RawAnswersAsync("MD3", reader));

        // Through MD2: the second letter and the one with the highest UID deleted, the fourth flagged and read.
        var (second, fourth, highest) = (six.Letters[1], six.Letters[3], six.Letters[5]);
        using (var client = await ImapInboxView.ConnectAsync(Mail.ImapPort("MD2"), reader))
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
            await client.Inbox.AddFlagsAsync(new UniqueId(fourth.Uid), MessageFlags.Flagged | MessageFlags.Seen, silent: true);
            await client.Inbox.AddFlagsAsync([new UniqueId(second.Uid), new UniqueId(highest.Uid)], MessageFlags.Deleted, silent: true);
            await client.Inbox.ExpungeAsync();
            Assert.Equal(4, client.Inbox.Count);
            await client.DisconnectAsync(quit: true);
        }

        var four = await ImapAgreement.WaitAsync(
            Mail, Machines, reader, v => v.Count == 4 && v.Letters.Any(l => l.Flags == (MessageFlags.Flagged | MessageFlags.Seen)), "the deletes and the flags");
        Assert.Equal(six.Letters.Where(l => l != second && l != highest).Select(l => l.Uid), four.Letters.Select(l => l.Uid));
        Assert.Equal(MessageFlags.Flagged | MessageFlags.Seen, four.Letters.Single(l => l.Uid == fourth.Uid).Flags);
        Assert.Equal(six.UidValidity, four.UidValidity);
        Assert.Equal(await RawAnswersAsync("MD1", reader), await RawAnswersAsync("MD3", reader));

        // Two more, through MD3 and MD1: above every UID given so far, the deleted highest included.
        foreach (var machine in new[] { "MD3", "MD1" })
        {
            await SmtpSubmission.SendAsync(Mail.SmtpPort(machine), sender, SmtpSubmission.Letter(sender, reader, $"{machine} after the deletes"));
        }

        var later = await ImapAgreement.WaitAsync(Mail, Machines, reader, v => v.Count == 6, "the letters sent after the deletes");
        AssertAscending(later);
        Assert.All(later.Letters.Skip(4), l => Assert.True(l.Uid > highest.Uid, later.Text));
        Assert.Equal(await RawAnswersAsync("MD1", reader), await RawAnswersAsync("MD2", reader));
        Assert.Equal(await RawAnswersAsync("MD1", reader), await RawAnswersAsync("MD3", reader));
    }

    private static void AssertAscending(ImapInboxView view)
    {
        Assert.True(view.Letters.Zip(view.Letters.Skip(1)).All(p => p.First.Uid < p.Second.Uid), view.Text);
        Assert.True(view.Letters.Count == 0 || view.Letters[^1].Uid < view.UidNext, view.Text);
    }

    // The raw answers of one machine: STATUS's counts and UIDs, SELECT's UIDVALIDITY and UIDNEXT, UID FETCH's lines.
    private async Task<List<string>> RawAnswersAsync(string machine, string user)
    {
        await using var imap = new ImapRawClient(await RawClient.ConnectAsync(Mail.ImapPort(machine)));
        await imap.Raw.ExpectAsync("* OK");
        await imap.OkAsync($"LOGIN {user} {CliSessionFactory.PasswordOf(user)}");
        var answers = await imap.OkAsync("STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)");
        answers.AddRange((await imap.OkAsync("EXAMINE INBOX")).Where(l => l.Contains("UIDVALIDITY", StringComparison.Ordinal) || l.Contains("UIDNEXT", StringComparison.Ordinal)));
        answers.AddRange(await imap.OkAsync("UID FETCH 1:* (UID FLAGS RFC822.SIZE)"));
        await imap.CommandAsync("LOGOUT", "OK");
        return answers;
    }
}

using MailKit;
using Maildriver.Tests.MailProtocols.RealClients;

namespace Maildriver.Tests.MailProtocols.ImapCluster;

/// <summary>
/// MailKit's <c>ImapClient</c> idling on MD1 of three silo processes is told, while in IDLE, of a letter submitted
/// through MD2's SMTP port (EXISTS), a flag set through MD3's IMAP port (FETCH) and a delete expunged through MD2's
/// (EXPUNGE): each change made on another machine reaches MD1's inbox and is pushed to the idling client.
/// </summary>
[Collection(ImapClusterCollection.Name)]
public sealed class ImapIdleAcrossMachinesTests(ThreeMachineMailPorts fixture)
{
    private MailPortsProcessCluster Mail => fixture.Mail;

    [Fact]
    public async Task An_idling_client_on_MD1_sees_a_letter_a_flag_and_a_delete_made_through_other_machines()
    {
        var (sender, reader) = (await Mail.NewUserAsync("idlefrom"), await Mail.NewUserAsync("idleto"));
        await SmtpSubmission.SendAsync(Mail.SmtpPort("MD1"), sender, SmtpSubmission.Letter(sender, reader, "Before the IDLE"));
        var before = await ImapAgreement.WaitAsync(Mail, ["MD1", "MD2", "MD3"], reader, v => v.Count == 1, "the first letter");

        using var idler = await ImapInboxView.ConnectAsync(Mail.ImapPort("MD1"), reader);
        Assert.True(idler.Capabilities.HasFlag(MailKit.Net.Imap.ImapCapabilities.Idle));
        var inbox = idler.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        var events = new IdleEvents(inbox);
        using var done = new CancellationTokenSource();
        var idle = idler.IdleAsync(done.Token);

        var second = SmtpSubmission.Letter(sender, reader, "Through MD2 while MD1 idles");
        await SmtpSubmission.SendAsync(Mail.SmtpPort("MD2"), sender, second);
        Assert.Equal("count 2", await events.NextAsync("count "));

        // The first letter flagged through MD3: MD1 learns of it by replication, and its session by its watch.
        using (var other = await ImapInboxView.ConnectAsync(Mail.ImapPort("MD3"), reader))
        {
            await other.Inbox.OpenAsync(FolderAccess.ReadWrite);
            await other.Inbox.AddFlagsAsync(new UniqueId(before.Letters[0].Uid), MessageFlags.Flagged, silent: true);
            await other.DisconnectAsync(quit: true);
        }

        var flagged = await events.NextAsync("flags ");
        Assert.StartsWith("flags 0 Flagged", flagged, StringComparison.Ordinal);

        // The same letter deleted and expunged through MD2: MD1's client is told EXPUNGE of message 1.
        using (var other = await ImapInboxView.ConnectAsync(Mail.ImapPort("MD2"), reader))
        {
            await other.Inbox.OpenAsync(FolderAccess.ReadWrite);
            await other.Inbox.AddFlagsAsync(new UniqueId(before.Letters[0].Uid), MessageFlags.Deleted, silent: true);
            await other.Inbox.ExpungeAsync();
            await other.DisconnectAsync(quit: true);
        }

        Assert.Equal("expunged 0", await events.NextAsync("expunged "));
        await done.CancelAsync();
        await idle.WaitAsync(TimeSpan.FromSeconds(30));

        // Out of IDLE the session's view is the cluster's: one letter left, the one sent through MD2, unflagged.
        var after = await ImapInboxView.ReadAsync(inbox);
        var left = Assert.Single(after.Letters);
        Assert.Equal((second.MessageId, MessageFlags.None), (left.MessageId, left.Flags));
        Assert.True(left.Uid > before.Letters[0].Uid, after.Text);
        await idler.DisconnectAsync(quit: true);
        // (The session's UIDNEXT is SELECT's, so the letters are compared, not the whole views.)
        Assert.Equal(after.Letters, (await ImapAgreement.WaitAsync(Mail, ["MD1", "MD2", "MD3"], reader, v => v.Count == 1, "the delete")).Letters);
    }
}

using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Maildriver.Tests.MailProtocols.Sessions;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>A real IMAP client, MailKit's <see cref="ImapClient"/>, reading, flagging and deleting through one machine.</summary>
public sealed class ImapMailKitTests(ScriptedCluster fixture) : IClassFixture<ScriptedCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task MailKit_logs_in_fetches_envelopes_reads_flags_and_deletes()
    {
        var user = await fixture.NewUserAsync("mailkit");
        var first = await Cluster.SendAsync("alice", "MD1", "Grüße aus Providence", "Dear you,\nSee you at noon.\n", user);
        var second = await Cluster.SendAsync("bob", "MD2", "Second", "short", user);
        await Cluster.Mail.QuietAsync();
        var letters = await Cluster.ReceiveAsync(user, "MD2");

        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Cluster.ImapPort("MD2"), SecureSocketOptions.None);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Idle));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.UidPlus));
        await client.AuthenticateAsync(user, $"{user}-pw");
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        Assert.Equal((2, (uint)letters[0].UidValidity), (inbox.Count, inbox.UidValidity));

        var summaries = await inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Size);
        Assert.Equal(letters.Select(l => (uint)l.Uid), summaries.Select(s => s.UniqueId.Id));
        Assert.Equal(["Grüße aus Providence", "Second"], summaries.Select(s => s.Envelope!.Subject));
        Assert.Equal($"alice@maildriver.local", summaries[0].Envelope!.From.Mailboxes.Single().Address);
        Assert.Equal($"{user}@maildriver.local", summaries[1].Envelope!.To.Mailboxes.Single().Address);
        Assert.All(summaries, s => Assert.Equal(MessageFlags.None, s.Flags));
        Assert.Equal(letters[0].Message!.Length, (int)summaries[0].Size!);

        // GetMessage peeks: the body comes back byte for byte and the letter stays unread.
        var message = await inbox.GetMessageAsync(summaries[0].UniqueId);
        Assert.Equal("Dear you,\nSee you at noon.\n", message.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal));
        await using (var stream = await inbox.GetStreamAsync(summaries[0].UniqueId, string.Empty))
        {
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            Assert.Equal(letters[0].Message, bytes.ToArray());
        }

        Assert.False((await Cluster.ReceiveAsync(user, "MD1")).Single(l => l.Id == first).Read);

        await inbox.AddFlagsAsync(summaries[1].UniqueId, MessageFlags.Flagged | MessageFlags.Seen, silent: true);
        var uids = await inbox.SearchAsync(SearchQuery.Flagged);
        Assert.Equal([summaries[1].UniqueId], uids);

        await inbox.AddFlagsAsync(summaries[0].UniqueId, MessageFlags.Deleted, silent: true);
        await inbox.ExpungeAsync();
        Assert.Equal(1, inbox.Count);
        await client.DisconnectAsync(quit: true);

        await Cluster.Mail.QuietAsync();
        var left = Assert.Single(await Cluster.ReceiveAsync(user, "MD1"));
        Assert.Equal((second, true, true), (left.Id, left.Flagged, left.Read));
        Assert.NotEqual(first, left.Id);
    }
}

using Maildriver.Grains.Mime;
using Maildriver.Tests.MailProtocols.Mime;
using Maildriver.Tests.MailProtocols.Sessions;
using Maildriver.Tests.MailProtocols.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>
/// A rich letter (HTML alternative, attachment, non-ASCII subject) sent by SMTP through one machine and read by
/// MailKit's IMAP client through the other: BODYSTRUCTURE describes it, and its parts come back by number as stored.
/// </summary>
public sealed class ImapMimeTests(ScriptedCluster fixture) : IClassFixture<ScriptedCluster>
{
    private MailPortsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Bodystructure_and_numbered_parts_serve_a_rich_letter_as_stored()
    {
        var (sender, reader) = (await fixture.NewUserAsync("mimeout"), await fixture.NewUserAsync("mimein"));
        var message = MimeSamples.Rich($"{sender}@maildriver.local", $"{reader}@maildriver.local", $"{Guid.NewGuid():N}@mailkit.example");
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", Cluster.SmtpPort("MD1"), SecureSocketOptions.None);
            await smtp.AuthenticateAsync(sender, $"{sender}-pw");
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(quit: true);
        }

        var sent = LetterMessages.ToBytes(message);
        await Cluster.Mail.QuietAsync();

        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Cluster.ImapPort("MD2"), SecureSocketOptions.None);
        await client.AuthenticateAsync(reader, $"{reader}-pw");
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var summary = Assert.Single(await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.BodyStructure | MessageSummaryItems.Envelope));
        Assert.Equal(MimeSamples.Subject, summary.Envelope!.Subject);

        var mixed = Assert.IsType<BodyPartMultipart>(summary.Body);
        Assert.Equal(("multipart", "mixed"), (mixed.ContentType.MediaType.ToLowerInvariant(), mixed.ContentType.MediaSubtype.ToLowerInvariant()));
        var alternative = Assert.IsType<BodyPartMultipart>(mixed.BodyParts[0]);
        var text = Assert.IsType<BodyPartText>(alternative.BodyParts[0]);
        var html = Assert.IsType<BodyPartText>(alternative.BodyParts[1]);
        var pdf = Assert.IsType<BodyPartBasic>(mixed.BodyParts[1]);
        Assert.Equal(("1.1", "1.2", "2"), (text.PartSpecifier, html.PartSpecifier, pdf.PartSpecifier));
        Assert.Equal(("plain", "html", "pdf"), (text.ContentType.MediaSubtype.ToLowerInvariant(), html.ContentType.MediaSubtype.ToLowerInvariant(), pdf.ContentType.MediaSubtype.ToLowerInvariant()));
        Assert.Equal("minutes.pdf", pdf.ContentType.Name);

        // BODYSTRUCTURE's extension data carries the disposition, which clients list attachments by.
        Assert.True(pdf.IsAttachment);
        Assert.Equal("minutes.pdf", pdf.ContentDisposition!.FileName);
        Assert.False(text.IsAttachment);

        // The parts by number: decoded by MailKit, they are what was sent; their sizes are BODYSTRUCTURE's.
        var attachment = Assert.IsType<MimePart>(await client.Inbox.GetBodyPartAsync(summary.UniqueId, pdf));
        using (var decoded = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(decoded);
            Assert.Equal(MimeSamples.Attachment, decoded.ToArray());
        }

        var plain = Assert.IsType<TextPart>(await client.Inbox.GetBodyPartAsync(summary.UniqueId, text));
        Assert.Equal(MimeSamples.Text, plain.Text.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(text.Octets, (uint)(await ReadAsync(client.Inbox, summary.UniqueId, "1.1")).Length);
        var rawPdf = await ReadAsync(client.Inbox, summary.UniqueId, "2");
        Assert.Equal(pdf.Octets, (uint)rawPdf.Length);

        // Byte for byte the part's encoded body as it stands in the message, without the line end before the next
        // boundary, which belongs to the boundary (RFC 2046 section 5.1.1).
        using var sentStream = new MemoryStream(sent, writable: false);
        var stored = Assert.IsType<MimePart>(Assert.IsType<Multipart>((await MimeMessage.LoadAsync(sentStream)).Body)[1]);
        using (var encoded = new MemoryStream())
        {
            await stored.Content!.Stream!.CopyToAsync(encoded);
            Assert.Equal(encoded.ToArray(), rawPdf);
        }
        Assert.Equal(sent, await ReadAsync(client.Inbox, summary.UniqueId, string.Empty));
        await client.DisconnectAsync(quit: true);
    }

    private static async Task<byte[]> ReadAsync(IMailFolder folder, UniqueId uid, string section)
    {
        await using var stream = await folder.GetStreamAsync(uid, section);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

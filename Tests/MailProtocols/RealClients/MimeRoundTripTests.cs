using System.Text.Json.Nodes;
using Maildriver.Grains.Mime;
using Maildriver.Tests.MailProtocols.Mime;
using Maildriver.Tests.Processes;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// Letters are MIME messages: one MailKit writes (an HTML alternative, an attachment, a non-ASCII subject) goes in
/// through one machine's SMTP port and comes out of the other's POP3 port byte for byte; the CLI shows its text,
/// lists its attachment and saves it exactly, and refuses bad input to <c>save</c> without writing anything.
/// </summary>
[Collection(MailClientsCollection.Name)]
public sealed class MimeRoundTripTests(MailPortsProcessCluster fixture)
{
    [Fact]
    public async Task A_rich_letter_sent_with_MailKit_comes_back_through_POP3_byte_for_byte()
    {
        var (sender, reader) = (await fixture.NewUserAsync("mimefrom"), await fixture.NewUserAsync("mimeto"));
        var message = MimeSamples.Rich($"{sender}@maildriver.local", $"{reader}@maildriver.local", $"{Guid.NewGuid():N}@mailkit.example");

        await SendAsync("MD1", sender, message);
        // What MailKit sent: it prepares the message for the server (CRLF, encodings), then writes it as this does.
        var sent = LetterMessages.ToBytes(message);

        using var pop = new Pop3Client();
        await pop.ConnectAsync("127.0.0.1", fixture.Pop3Port("MD2"), SecureSocketOptions.None);
        await pop.AuthenticateAsync(reader, CliSessionFactory.PasswordOf(reader));
        Assert.Equal(1, pop.Count);
        Assert.Equal(sent.Length, await pop.GetMessageSizeAsync(0));
        Assert.Equal(sent, await ReadAllAsync(await pop.GetStreamAsync(0)));

        // TOP 0: the header section and the empty line, cut from the same bytes.
        var top = await ReadAllAsync(await pop.GetStreamAsync(0, headersOnly: true));
        Assert.Equal(sent.AsSpan(0, IndexOfBody(sent)).ToArray(), top);

        var received = await pop.GetMessageAsync(0);
        Assert.Equal((MimeSamples.Subject, message.MessageId), (received.Subject, received.MessageId));
        Assert.Equal(MimeSamples.Html, received.HtmlBody);
        var attachment = Assert.IsType<MimePart>(Assert.Single(received.Attachments));
        Assert.Equal(MimeSamples.Attachment, await ReadAllAsync(attachment.Content!.Open()));
        await pop.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Receive_lists_the_attachment_and_save_writes_its_exact_bytes()
    {
        var (sender, reader) = (await fixture.NewUserAsync("savefrom"), await fixture.NewUserAsync("saveto"));
        await SendAsync("MD2", sender, MimeSamples.Rich($"{sender}@maildriver.local", $"{reader}@maildriver.local"));
        var cli = fixture.Cli.As(reader);

        var letter = Assert.Single((await cli.JsonAsync("receive")).AsArray())!;
        Assert.Equal((MimeSamples.Subject, MimeSamples.Text), ((string)letter["subject"]!, (string)letter["body"]!));
        var listed = Assert.Single(letter["attachments"]!.AsArray())!;
        Assert.Equal(("minutes.pdf", "application/pdf", MimeSamples.Attachment.Length), ((string)listed["name"]!, (string)listed["type"]!, (int)listed["size"]!));
        Assert.Null(letter["message"]);

        var id = (string)letter["id"]!;
        var file = Path.Combine(fixture.Cluster.Folder, $"{reader}-minutes.pdf");
        var saved = await cli.JsonAsync("save", id, "1", file);
        Assert.Equal((file, MimeSamples.Attachment.Length), ((string)saved["path"]!, (int)saved["size"]!));
        Assert.Equal(MimeSamples.Attachment, await File.ReadAllBytesAsync(file));
        Assert.Null((await cli.JsonAsync("list")).AsArray().Single()!["attachments"]);
    }

    [Fact]
    public async Task Save_refuses_bad_input_and_writes_nothing()
    {
        var (sender, reader) = (await fixture.NewUserAsync("badfrom"), await fixture.NewUserAsync("badto"));
        await SendAsync("MD1", sender, MimeSamples.Rich($"{sender}@maildriver.local", $"{reader}@maildriver.local"));
        var cli = fixture.Cli.As(reader);
        var id = (string)(await cli.JsonAsync("receive")).AsArray().Single()!["id"]!;
        var folder = Directory.CreateDirectory(Path.Combine(fixture.Cluster.Folder, $"{reader}-saves")).FullName;
        var file = Path.Combine(folder, "out.bin");

        await RefusedAsync(cli, 1, "no attachment 2: its attachments are numbered 1 to 1", "save", id, "2", file);
        await RefusedAsync(cli, 1, "MD9.1", "save", "MD9.1", "1", file);
        await RefusedAsync(cli, 2, "1 or more", "save", id, "0", file);
        await RefusedAsync(cli, 2, "", "save", id, "one", file);
        await RefusedAsync(cli, 1, "no such directory", "save", id, "1", Path.Combine(folder, "missing", "out.bin"));
        await RefusedAsync(cli, 1, "it is a directory", "save", id, "1", folder);

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task An_html_only_letter_reads_as_text()
    {
        var (sender, reader) = (await fixture.NewUserAsync("htmlfrom"), await fixture.NewUserAsync("htmlto"));
        var message = LetterMessages.Parse(MimeSamples.HtmlOnly());
        message.From.Clear();
        message.From.Add(MailboxAddress.Parse($"{sender}@maildriver.local"));
        message.To.Add(MailboxAddress.Parse($"{reader}@maildriver.local"));
        await SendAsync("MD1", sender, message);

        var letter = Assert.Single((await fixture.Cli.As(reader).JsonAsync("receive")).AsArray())!;

        Assert.Equal("Dear Bob,\n\nthe minutes & more.", (string)letter["body"]!);
        Assert.Empty(letter["attachments"]!.AsArray());
    }

    private async Task SendAsync(string machine, string user, MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", fixture.SmtpPort(machine), SecureSocketOptions.None);
        await smtp.AuthenticateAsync(user, CliSessionFactory.PasswordOf(user));
        var reply = await smtp.SendAsync(message);
        Assert.StartsWith("2.0.0 OK: queued as ", reply, StringComparison.Ordinal);
        await smtp.DisconnectAsync(quit: true);
    }

    private async Task RefusedAsync(CliSessionFactory.CliAs cli, int exitCode, string because, params string[] args)
    {
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == exitCode, $"maildriver {string.Join(' ', args)} exited {result.ExitCode}, not {exitCode}: {result.Stderr}");
        Assert.Contains(because, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    private static int IndexOfBody(byte[] message) => message.AsSpan().IndexOf("\r\n\r\n"u8) + 4;

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}

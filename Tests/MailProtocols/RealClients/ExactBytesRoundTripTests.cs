using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Maildriver.Tests.MailProtocols.ImapCluster;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Processes;
using MailKit;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// The exact octets a client submits come back out: a message written here by hand (an RFC 2047 subject, a folded
/// header, an 8-bit UTF-8 text part with lines that start with dots, a base64 attachment of every byte value),
/// dot-stuffed onto MD1's SMTP port, read back through IMAP (<c>BODY[]</c>, <c>RFC822</c>, raw and with MailKit)
/// and POP3 (<c>RETR</c>, the stuffing undone here) on both machines, byte for byte: Maildriver adds no header
/// (no Received, no Return-Path) and changes none.
/// </summary>
[Collection(MailClientsCollection.Name)]
public sealed class ExactBytesRoundTripTests(MailPortsProcessCluster fixture)
{
    private const string Subject = "Grüße aus Zürich — 日本語 📎";

    [Fact]
    public async Task A_submitted_message_is_served_by_IMAP_and_POP3_byte_for_byte()
    {
        var (sender, reader) = (await fixture.NewUserAsync("exactfrom"), await fixture.NewUserAsync("exactto"));
        var message = Message(sender, reader);

        await SubmitAsync(fixture.SmtpPort("MD1"), sender, reader, message);
        var view = await ImapAgreement.WaitAsync(fixture, ["MD1", "MD2"], reader, v => v.Count == 1, "the letter");
        var uid = view.Letters[0].Uid;

        foreach (var machine in new[] { "MD2", "MD1" })
        {
            var (peeked, rfc822, size) = await ImapFetchAsync(fixture.ImapPort(machine), reader, uid);
            Assert.Equal(message, peeked);
            Assert.Equal(message, rfc822);
            Assert.Equal(message.Length, size);
            Assert.Equal(message, await Pop3RetrAsync(fixture.Pop3Port(machine), reader));
        }

        // A real client agrees, and decodes the subject from its RFC 2047 words.
        using var client = await ImapInboxView.ConnectAsync(fixture.ImapPort("MD2"), reader);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        await using (var stream = await client.Inbox.GetStreamAsync(new UniqueId(uid), string.Empty))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(message, copy.ToArray());
        }

        var parsed = await client.Inbox.GetMessageAsync(new UniqueId(uid));
        Assert.Equal(Subject, parsed.Subject);
        using var attachment = new MemoryStream();
        await ((MimeKit.MimePart)parsed.Attachments.Single()).Content!.DecodeToAsync(attachment);
        Assert.Equal(EveryByte, attachment.ToArray());
        await client.DisconnectAsync(quit: true);
        Assert.Equal(Subject, (string)(await fixture.Cli.As(reader).JsonAsync("list")).AsArray().Single()!["subject"]!);
    }

    private static byte[] EveryByte { get; } = Enumerable.Range(0, 1024).Select(i => (byte)(i % 256)).ToArray();

    private static byte[] Message(string sender, string reader)
    {
        var base64 = Convert.ToBase64String(EveryByte);
        var wrapped = string.Join("\r\n", Enumerable.Range(0, (base64.Length + 75) / 76).Select(i => base64.Substring(i * 76, Math.Min(76, base64.Length - (i * 76)))));
        var text = string.Join("\r\n", [
            $"From: Sender <{sender}@maildriver.local>",
            $"To: {reader}@maildriver.local",
            $"Subject: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(Subject))}?=",
            "Date: Sun, 06 Dec 2026 12:00:00 +0000",
            $"Message-ID: <{Guid.NewGuid():N}@exact-bytes.example>",
            "X-Folded: a header value",
            "\tfolded onto a second line",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"=-exact-bytes-=\"",
            "",
            "This is a multi-part message in MIME format.",
            "--=-exact-bytes-=",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Grüße, 日本語,",
            ".a line that starts with a dot",
            "..and one with two",
            ".",
            "(a line of one dot above), trailing spaces:   ",
            "--=-exact-bytes-=",
            "Content-Type: application/octet-stream; name=\"every-byte.bin\"",
            "Content-Disposition: attachment; filename=\"every-byte.bin\"",
            "Content-Transfer-Encoding: base64",
            "",
            wrapped,
            "--=-exact-bytes-=--",
            ""]);
        return Encoding.UTF8.GetBytes(text);
    }

    // SMTP by hand, so the octets on the wire are exactly the message's, dot-stuffed.
    private static async Task SubmitAsync(int port, string sender, string reader, byte[] message)
    {
        await using var smtp = await RawClient.ConnectAsync(port);
        await smtp.SmtpReplyAsync("220");
        await smtp.SmtpAsync("EHLO exact-bytes.example", "250");
        await smtp.SmtpAsync($"AUTH PLAIN {Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{sender}\0{CliSessionFactory.PasswordOf(sender)}"))}", "235");
        await smtp.SmtpAsync($"MAIL FROM:<{sender}@maildriver.local> BODY=8BITMIME", "250");
        await smtp.SmtpAsync($"RCPT TO:<{reader}@maildriver.local>", "250");
        await smtp.SmtpAsync("DATA", "354");
        var stuffed = Encoding.UTF8.GetString(message).Split("\r\n").Select(line => line.StartsWith('.') ? "." + line : line);
        await smtp.SendRawAsync(Encoding.UTF8.GetBytes(string.Join("\r\n", stuffed) + ".\r\n"));
        Assert.StartsWith("2.0.0 OK: queued as ", (await smtp.SmtpReplyAsync("250")).Single(), StringComparison.Ordinal);
        await smtp.SmtpAsync("QUIT", "221");
    }

    // UID FETCH BODY.PEEK[] and FETCH RFC822 in a raw session: each literal's octets, and RFC822.SIZE.
    private static async Task<(byte[] Peeked, byte[] Rfc822, int Size)> ImapFetchAsync(int port, string user, uint uid)
    {
        await using var imap = new ImapRawClient(await RawClient.ConnectAsync(port));
        await imap.Raw.ExpectAsync("* OK");
        await imap.OkAsync($"LOGIN {user} {CliSessionFactory.PasswordOf(user)}");
        await imap.OkAsync("SELECT INBOX");
        var size = int.Parse(
            Regex.Match(Assert.Single(await imap.OkAsync("FETCH 1 (RFC822.SIZE)")), @"RFC822\.SIZE (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var peeked = await LiteralAsync(imap, $"UID FETCH {uid} (BODY.PEEK[])");
        var rfc822 = await LiteralAsync(imap, "FETCH 1 (RFC822)");
        await imap.CommandAsync("LOGOUT", "OK");
        return (peeked, rfc822, size);
    }

    // Sends a FETCH whose answer carries one literal "{n}" and returns its n octets; a flag change told before it
    // (the other machine's read reaching this one) is skipped.
    private static async Task<byte[]> LiteralAsync(ImapRawClient imap, string command)
    {
        var tag = imap.TakeTag();
        await imap.Raw.SendAsync($"{tag} {command}");
        while (await imap.Raw.ReadLineBytesAsync() is { } line)
        {
            var count = Regex.Match(Encoding.ASCII.GetString(line), @"^\* \d+ FETCH .*\{(\d+)\}\r\n$");
            if (count.Success)
            {
                var octets = await imap.Raw.ReadBytesAsync(int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture));
                await imap.CompletionAsync(tag, "OK");
                return octets;
            }

            Assert.False(line.AsSpan().StartsWith(Encoding.ASCII.GetBytes(tag + " ")), $"no literal before the completion\n{imap.Raw.Transcript}");
        }

        throw new Xunit.Sdk.XunitException($"the connection closed before the literal\n{imap.Raw.Transcript}");
    }

    // RETR 1 in a raw session: the lines up to ".", each line's stuffed dot taken off, CRLFs kept.
    private static async Task<byte[]> Pop3RetrAsync(int port, string user)
    {
        await using var pop = await RawClient.ConnectAsync(port);
        await pop.ExpectAsync("+OK");
        await pop.CommandAsync($"USER {user}", "+OK");
        await pop.CommandAsync($"PASS {CliSessionFactory.PasswordOf(user)}", "+OK");
        var announced = await pop.CommandAsync("RETR 1", "+OK");
        using var message = new MemoryStream();
        while (await pop.ReadLineBytesAsync() is { } line && !line.AsSpan().SequenceEqual(".\r\n"u8))
        {
            message.Write(line[0] == (byte)'.' ? line.AsSpan(1) : line);
        }

        await pop.CommandAsync("QUIT", "+OK");
        Assert.StartsWith($"+OK {message.Length} octets", announced, StringComparison.Ordinal);
        return message.ToArray();
    }
}

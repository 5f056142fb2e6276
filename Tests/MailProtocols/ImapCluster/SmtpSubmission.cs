using MailKit.Net.Smtp;
using MailKit.Security;
using Maildriver.Tests.Processes;
using MimeKit;

namespace Maildriver.Tests.MailProtocols.ImapCluster;

/// <summary>Letters submitted with MailKit's <see cref="SmtpClient"/> through one machine's SMTP port, as a mail client sends them.</summary>
public static class SmtpSubmission
{
    private const string Queued = "2.0.0 OK: queued as ";

    /// <summary>A plain letter from <paramref name="from"/> to <paramref name="to"/> with a Message-ID of its own.</summary>
    public static MimeMessage Letter(string from, string to, string subject)
    {
        var message = new MimeMessage { Subject = subject, MessageId = $"{Guid.NewGuid():N}@imap-clients.example" };
        message.From.Add(MailboxAddress.Parse($"{from}@maildriver.local"));
        message.To.Add(MailboxAddress.Parse($"{to}@maildriver.local"));
        message.Body = new TextPart("plain") { Text = $"{subject}, written for {to}.\r\n" };
        return message;
    }

    /// <summary>Logs in as <paramref name="user"/>, sends <paramref name="message"/>, and returns the letter id the server queued it as.</summary>
    public static async Task<string> SendAsync(int port, string user, MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await smtp.AuthenticateAsync(user, CliSessionFactory.PasswordOf(user));
        var reply = await smtp.SendAsync(message);
        await smtp.DisconnectAsync(quit: true);
        Assert.StartsWith(Queued, reply, StringComparison.Ordinal);
        return reply[Queued.Length..].Trim();
    }
}

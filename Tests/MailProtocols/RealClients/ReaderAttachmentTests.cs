using Maildriver.Tests.MailProtocols.Mime;
using Maildriver.Tests.Processes;
using Maildriver.Tests.Support;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// The real reader in a real terminal (tmux, 80×24) against real silo processes: a letter MailKit sent over SMTP,
/// its attachment listed under its text, and saved with s.
/// </summary>
[Collection(MailClientsCollection.Name)]
public sealed class ReaderAttachmentTests(MailPortsProcessCluster fixture)
{
    [Fact]
    public async Task The_reader_lists_an_SMTP_letters_attachment_and_saves_it()
    {
        TmuxSession.RequireTmux();
        var (sender, reader) = (await fixture.NewUserAsync("tuifrom"), await fixture.NewUserAsync("tuito"));
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", fixture.SmtpPort("MD1"), SecureSocketOptions.None);
            await smtp.AuthenticateAsync(sender, CliSessionFactory.PasswordOf(sender));
            await smtp.SendAsync(MimeSamples.Rich($"{sender}@maildriver.local", $"{reader}@maildriver.local"));
            await smtp.DisconnectAsync(quit: true);
        }

        var file = Path.Combine(fixture.Cluster.Folder, $"{reader}.pdf");
        await using var tmux = await TmuxSession.StartAsync(
            [DotnetHost.Path, DotnetHost.OutputFile("maildriver.dll"), "--gateway", fixture.Cluster.Gateways, "--user", reader, "--password", CliSessionFactory.PasswordOf(reader)],
            80,
            24,
            new Dictionary<string, string?> { ["MAILDRIVER_GATEWAYS"] = null, ["MAILDRIVER_USER"] = null, ["MAILDRIVER_PASSWORD"] = null });

        await tmux.WaitForTextAsync("1 letter, 1 unread");
        await tmux.SendKeysAsync("Enter");
        var pane = await tmux.WaitForTextAsync("minutes.pdf");
        Assert.Contains("the minutes are attached.", pane);
        Assert.Contains($"1  minutes.pdf  application/pdf  {MimeSamples.Attachment.Length} bytes", pane);

        await tmux.SendKeysAsync("s");
        await tmux.WaitForTextAsync("Save attachment (number file): 1 minutes.pdf");
        await tmux.SendKeysAsync("C-u");
        await tmux.TypeAsync($"1 {file}");
        await tmux.SendKeysAsync("Enter");
        await tmux.WaitForTextAsync("Saved minutes.pdf");

        Assert.Equal(MimeSamples.Attachment, await File.ReadAllBytesAsync(file));
        await tmux.SendKeysAsync("q", "q");
        Assert.Equal(0, await tmux.ExitAsync());
    }
}

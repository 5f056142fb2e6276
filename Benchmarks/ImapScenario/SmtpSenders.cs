using MailKit.Net.Smtp;
using MailKit.Security;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Grains.Mime;
using MimeKit;
using MimeKit.Utils;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// One authenticated SMTP submission connection per sender (MailKit's <see cref="SmtpClient"/>), sender i on machine
/// i mod 3's <c>smtpPort</c> as its client API calls go to that machine's gateway, each sending the same small letter
/// as the client API path over and over on its one connection, a fresh Message-ID each time (the submission id).
/// </summary>
public sealed class SmtpSenders : IAsyncDisposable
{
    private readonly List<SmtpClient> _clients;
    private readonly List<MimeMessage> _messages;

    private SmtpSenders(List<SmtpClient> clients, List<MimeMessage> messages)
    {
        _clients = clients;
        _messages = messages;
    }

    /// <summary>Connects and authenticates every sender.</summary>
    public static async Task<SmtpSenders> ConnectAsync(LocalMailCluster cluster, IReadOnlyList<Sender> senders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(senders);
        var domain = MailDomain.DefaultName;
        var clients = new List<SmtpClient>();
        var messages = senders.Select(s =>
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse($"{s.Name}@{domain}"));
            message.To.Add(MailboxAddress.Parse($"{s.Recipient}@{domain}"));
            message.Subject = "benchmark";
            message.Body = new TextPart("plain") { Text = LetterBody.Small };
            return message;
        }).ToList();
        var all = new SmtpSenders(clients, messages);
        try
        {
            for (var i = 0; i < senders.Count; i++)
            {
                var client = new SmtpClient();
                clients.Add(client);
                var port = cluster.SmtpPorts[i % cluster.Machines.Count];
                await client.ConnectAsync(port.Host, port.Port, SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
                await client.AuthenticateAsync(senders[i].Name, MailAccounts.Password(senders[i].Name), cancellationToken).ConfigureAwait(false);
            }

            return all;
        }
        catch
        {
            await all.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sender <paramref name="sender"/>'s next letter, on its connection, until its <c>250</c>.</summary>
    public async Task SendAsync(int sender, CancellationToken cancellationToken)
    {
        var message = _messages[sender];
        message.MessageId = MimeUtils.GenerateMessageId();
        await _clients[sender].SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // The figures are taken: a connection that ends badly changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }

        foreach (var message in _messages)
        {
            message.Dispose();
        }
    }
}

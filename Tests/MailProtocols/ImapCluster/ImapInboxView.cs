using System.Globalization;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Maildriver.Tests.Processes;

namespace Maildriver.Tests.MailProtocols.ImapCluster;

/// <summary>
/// What one machine's IMAP port shows of a user's INBOX: UIDVALIDITY, UIDNEXT and each letter's UID, flags and
/// Message-ID, in UID order. Two machines agree when the texts are equal, so a failure shows both views whole.
/// </summary>
public sealed record ImapInboxView(uint UidValidity, uint UidNext, IReadOnlyList<ImapInboxView.Letter> Letters)
{
    /// <summary>The letters' count.</summary>
    public int Count => Letters.Count;

    /// <summary>The view as one comparable text: "UIDVALIDITY v UIDNEXT n" and one line per letter.</summary>
    public string Text
    {
        get
        {
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"UIDVALIDITY {UidValidity} UIDNEXT {UidNext}");
            foreach (var letter in Letters)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{letter.Uid} ({letter.Flags}) {letter.MessageId}");
            }

            return text.ToString();
        }
    }

    /// <summary>Logs in as <paramref name="user"/> (password NAME-pw) at <paramref name="port"/> and reads INBOX with EXAMINE.</summary>
    public static async Task<ImapInboxView> ReadAsync(int port, string user)
    {
        using var client = await ConnectAsync(port, user);
        var view = await ReadAsync(client.Inbox, FolderAccess.ReadOnly);
        await client.DisconnectAsync(quit: true);
        return view;
    }

    /// <summary>Opens <paramref name="inbox"/> with <paramref name="access"/> (unless open already) and reads it.</summary>
    public static async Task<ImapInboxView> ReadAsync(IMailFolder inbox, FolderAccess access = FolderAccess.ReadWrite)
    {
        if (!inbox.IsOpen)
        {
            await inbox.OpenAsync(access);
        }

        var summaries = inbox.Count == 0
            ? []
            : await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Envelope);
        var letters = summaries.Select(s => new Letter(s.UniqueId.Id, s.Flags ?? MessageFlags.None, s.Envelope?.MessageId ?? "")).ToList();
        return new ImapInboxView(inbox.UidValidity, inbox.UidNext?.Id ?? 0, letters);
    }

    /// <summary>A MailKit client logged in as <paramref name="user"/> at <paramref name="port"/>, in the clear on 127.0.0.1.</summary>
    public static async Task<ImapClient> ConnectAsync(int port, string user)
    {
        var client = new ImapClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.AuthenticateAsync(user, CliSessionFactory.PasswordOf(user));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>One letter as the view shows it.</summary>
    public sealed record Letter(uint Uid, MessageFlags Flags, string MessageId);
}

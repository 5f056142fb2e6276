using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using Maildriver.Tests.MailProtocols.RealClients;
using Maildriver.Tests.Support;
using Xunit.Abstractions;

namespace Maildriver.Tests.MailProtocols.ImapCluster;

/// <summary>
/// A failover in the middle of an IMAP session: MailKit's client, idling on one of three silo processes after
/// flagging, reading and deleting, loses its connection when that machine is killed with kill -9; it reconnects to
/// a survivor and finds the same UIDVALIDITY, UIDs and flags; a letter sent after the crash gets a higher UID and
/// its flag reaches every survivor. Once for a machine that is neither Master nor Lieutenant, once for the Master's.
/// </summary>
[Collection(ImapFailoverCollection.Name)]
public sealed class ImapFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public Task A_session_on_a_killed_machine_resumes_on_another_with_the_same_UIDs_and_flags()
        => SessionSurvivesTheKillOfAsync(killed: "MD3", resumeOn: "MD2");

    [Fact]
    public Task A_session_on_the_killed_Masters_machine_resumes_on_another_with_the_same_UIDs_and_flags()
        => SessionSurvivesTheKillOfAsync(killed: "MD1", resumeOn: "MD3");

    private async Task SessionSurvivesTheKillOfAsync(string killed, string resumeOn)
    {
        await using var mail = await MailPortsProcessCluster.StartNewAsync(3);
        var survivors = mail.Cluster.Machines.Where(m => m != killed).ToList();
        var (sender, reader) = (await mail.NewUserAsync("failfrom"), await mail.NewUserAsync("failto"));
        for (var i = 1; i <= 4; i++)
        {
            await SmtpSubmission.SendAsync(mail.SmtpPort(survivors[i % 2]), sender, SmtpSubmission.Letter(sender, reader, $"Letter {i}"));
        }

        await ImapAgreement.WaitAsync(mail, mail.Cluster.Machines, reader, v => v.Count == 4, "four letters");
        await UntilSettledAsync(mail);

        using var client = await ImapInboxView.ConnectAsync(mail.ImapPort(killed), reader);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        var uids = (await ImapInboxView.ReadAsync(inbox)).Letters.Select(l => new UniqueId(l.Uid)).ToList();
        await inbox.AddFlagsAsync(uids[0], MessageFlags.Flagged, silent: true);
        await inbox.AddFlagsAsync(uids[1], MessageFlags.Seen, silent: true);
        await inbox.AddFlagsAsync(uids[2], MessageFlags.Answered, silent: true);
        await inbox.AddFlagsAsync(uids[3], MessageFlags.Deleted, silent: true);
        await inbox.ExpungeAsync();
        var before = await ImapInboxView.ReadAsync(inbox);
        Assert.Equal(
            [MessageFlags.Flagged, MessageFlags.Seen, MessageFlags.Answered],
            before.Letters.Select(l => l.Flags));

        // The client idles, as a mail client waiting for mail does, when its machine dies.
        using var done = new CancellationTokenSource();
        var idle = client.IdleAsync(done.Token);
        var clock = Stopwatch.StartNew();
        await mail.Cluster.KillAsync(killed);
        var dropped = await Assert.ThrowsAnyAsync<Exception>(() => idle.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(dropped is IOException or ImapProtocolException, $"the idle ended with {dropped}");
        Assert.False(client.IsConnected);
        output.WriteLine($"kill -9 of {killed} to the client's dropped connection: {clock.Elapsed.TotalSeconds:0.00} s");

        // The survivors show the same UIDVALIDITY, UIDs and flags (each applies the replicated orders on its own
        // time, hence the wait), and so does the client's new session on one of them.
        await ImapAgreement.WaitAsync(mail, survivors, reader, v => v.Letters.SequenceEqual(before.Letters), "the letters and flags before the kill");
        using var resumed = await ImapInboxView.ConnectAsync(mail.ImapPort(resumeOn), reader);
        var after = await ImapInboxView.ReadAsync(resumed.Inbox);
        Assert.Equal(before.Letters, after.Letters);
        Assert.Equal((before.UidValidity, before.UidNext), (after.UidValidity, after.UidNext));
        output.WriteLine($"kill -9 of {killed} to the same view on {resumeOn}: {clock.Elapsed.TotalSeconds:0.00} s");

        // A letter sent after the crash (through the survivors, as often as a takeover needs) comes above the
        // deleted letter's UID, and a flag set on it through the resumed session reaches every survivor.
        var letter = SmtpSubmission.Letter(sender, reader, "After the crash");
        await SendUntilAcceptedAsync(mail, survivors, sender, letter);
        var arrived = await ImapAgreement.WaitAsync(mail, survivors, reader, v => v.Count == 4, "the letter sent after the crash");
        var newest = arrived.Letters[^1];
        Assert.Equal(letter.MessageId, newest.MessageId);
        Assert.True(newest.Uid > uids[3].Id, arrived.Text);
        output.WriteLine($"kill -9 of {killed} to a new letter on every survivor: {clock.Elapsed.TotalSeconds:0.00} s");

        // The resumed session is told of the letter first (a UID it was never told of is not in its mailbox, and
        // RFC 3501 section 6.4.8 has STORE ignore it), as a client learns of new mail, by NOOP.
        await resumed.NoOpAsync();
        Assert.Equal(4, resumed.Inbox.Count);
        await resumed.Inbox.AddFlagsAsync(new UniqueId(newest.Uid), MessageFlags.Flagged, silent: true);
        await ImapAgreement.WaitAsync(
            mail, survivors, reader, v => v.Count == 4 && v.Letters[^1].Flags == MessageFlags.Flagged, "the new letter's flag");
        await resumed.DisconnectAsync(quit: true);
    }

    // Kill only a settled cluster: every machine up, MD1 Master, a Lieutenant appointed (MD2, unless MD2 was late).
    private static async Task UntilSettledAsync(MailPortsProcessCluster mail)
    {
        await WaitFor.ConditionAsync(
            async () =>
            {
                var status = await mail.Cli.AsAdmin().JsonAsync("admin", "status");
                return (string?)status["master"] == "MD1" && status["lieutenant"] is not null
                       && status["machines"]!.AsArray().All(m => (bool)m!["up"]!);
            },
            TimeSpan.FromSeconds(60),
            "every machine up, MD1 Master, a Lieutenant appointed");
    }

    private static async Task SendUntilAcceptedAsync(MailPortsProcessCluster mail, IReadOnlyList<string> survivors, string sender, MimeKit.MimeMessage letter)
    {
        Exception? last = null;
        var attempt = 0;
        try
        {
            // The same Message-ID each try: a try whose answer was lost cannot make a second letter.
            await WaitFor.ConditionAsync(
                async () =>
                {
                    try
                    {
                        await SmtpSubmission.SendAsync(mail.SmtpPort(survivors[attempt++ % survivors.Count]), sender, letter);
                        return true;
                    }
                    catch (Exception ex) when (ex is MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or IOException)
                    {
                        last = ex;
                        return false;
                    }
                },
                TimeSpan.FromSeconds(60),
                "a letter accepted by a survivor's SMTP port");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; the last refusal: {last}\n{mail.Logs()}", ex);
        }
    }
}

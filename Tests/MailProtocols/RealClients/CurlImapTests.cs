using System.Globalization;
using Maildriver.Grains.Mime;
using Maildriver.Tests.MailProtocols.ImapCluster;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// <c>curl</c>'s imap:// support against two silo processes: LIST, a letter fetched by UID byte for byte and a
/// section of another, and <c>-X</c> commands (UID FETCH, UID STORE, SEARCH, STATUS, and a delete expunged in the
/// same connection), each checked against curl's output and the delete and flags against the other machine.
/// </summary>
[Collection(MailClientsCollection.Name)]
public sealed class CurlImapTests(MailPortsProcessCluster fixture)
{
    [Fact]
    public async Task Curl_lists_fetches_by_UID_stores_searches_and_deletes()
    {
        var (sender, reader) = (await fixture.NewUserAsync("curlimapfrom"), await fixture.NewUserAsync("curlimapto"));
        var kept = SmtpSubmission.Letter(sender, reader, "Kept");
        var doomed = SmtpSubmission.Letter(sender, reader, "Fetched and deleted with curl");
        await SmtpSubmission.SendAsync(fixture.SmtpPort("MD1"), sender, kept);
        await SmtpSubmission.SendAsync(fixture.SmtpPort("MD1"), sender, doomed);
        var view = await ImapAgreement.WaitAsync(fixture, ["MD1", "MD2"], reader, v => v.Count == 2, "the two letters");
        var (u1, u2) = (view.Letters[0].Uid, view.Letters[1].Uid);
        var md2 = Url(fixture.ImapPort("MD2"), "/");
        string[] login = ["--user", $"{reader}:{reader}-pw"];

        Assert.Equal(["* LIST (\\HasNoChildren) \"/\" INBOX"], Lines((await CurlAsync([md2, .. login])).Stdout));
        Assert.Equal(
            [$"* 1 FETCH (UID {u1} FLAGS ())", $"* 2 FETCH (UID {u2} FLAGS ())"],
            Lines((await CurlAsync([md2 + "INBOX", "-X", "UID FETCH 1:* (UID FLAGS)", .. login])).Stdout));

        // ;UID= is curl's UID FETCH n BODY[]: the message MailKit submitted, byte for byte.
        var file = Path.Combine(fixture.Cluster.Folder, $"{reader}-{u2}.eml");
        await CurlAsync([md2 + $"INBOX;UID={u2}", "--output", file, .. login]);
        Assert.Equal(LetterMessages.ToBytes(doomed), await File.ReadAllBytesAsync(file));
        var text = (await CurlAsync([md2 + $"INBOX;UID={u1};SECTION=TEXT", .. login])).Stdout;
        Assert.Equal("Kept, written for " + reader + ".\r\n", text);

        Assert.Equal(
            [$"* 1 FETCH (UID {u1} FLAGS (\\Flagged \\Seen))"],
            Lines((await CurlAsync([md2 + "INBOX", "-X", $"UID STORE {u1} +FLAGS (\\Flagged)", .. login])).Stdout));
        Assert.Equal(["* SEARCH 1"], Lines((await CurlAsync([md2 + "INBOX", "-X", "SEARCH FLAGGED", .. login])).Stdout));
        Assert.Equal(
            [string.Create(CultureInfo.InvariantCulture, $"* STATUS INBOX (MESSAGES 2 UIDNEXT {view.UidNext} UIDVALIDITY {view.UidValidity} UNSEEN 0)")],
            Lines((await CurlAsync([md2, "-X", "STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)", .. login])).Stdout));

        // \Deleted lives in the session until an expunge, so the two commands go over one connection: curl keeps
        // it for the second URL after --next (the -v trace says so), and the mailbox stays selected.
        var delete = await CurlAsync([
            md2 + "INBOX", "-X", $"UID STORE {u2} +FLAGS (\\Deleted)", .. login, "-v",
            "--next", "--silent", "--show-error", "--max-time", "60", md2 + "INBOX", "-X", $"UID EXPUNGE {u2}", .. login, "-v"]);
        Assert.Contains("Re-using existing connection", delete.Stderr, StringComparison.Ordinal);
        Assert.Equal([$"* 2 FETCH (UID {u2} FLAGS (\\Deleted \\Seen))", "* 2 EXPUNGE"], Lines(delete.Stdout));

        // MD1 has the delete and the flags too.
        await ImapAgreement.WaitAsync(fixture, ["MD1", "MD2"], reader, v => v.Count == 1 && v.Letters[0].Uid == u1, "curl's delete");
        Assert.Equal(
            [$"* 1 FETCH (UID {u1} FLAGS (\\Flagged \\Seen))"],
            Lines((await CurlAsync([Url(fixture.ImapPort("MD1"), "/INBOX"), "-X", "UID FETCH 1:* (UID FLAGS)", .. login])).Stdout));

        var refused = await CurlAsync([md2, "--user", $"{reader}:wrong"], expectSuccess: false);
        Assert.Equal(67, refused.ExitCode); // CURLE_LOGIN_DENIED
    }

    private static string Url(int port, string path) => string.Create(CultureInfo.InvariantCulture, $"imap://127.0.0.1:{port}{path}");

    private static List<string> Lines(string text) => text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

    private Task<ProcessResult> CurlAsync(string[] args, bool expectSuccess = true) => Curl.RunAsync(args, fixture.Logs, expectSuccess);
}

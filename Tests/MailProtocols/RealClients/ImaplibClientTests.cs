using System.Text;
using Maildriver.Tests.MailProtocols.ImapCluster;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// Python's standard <c>imaplib</c> against two silo processes: two letters submitted with <c>smtplib</c> through MD2,
/// a whole session on MD1 (login, select, fetch, read, store, delete, expunge, logout) with each answer checked,
/// and the flags and the delete found on MD2 afterwards.
/// </summary>
[Collection(MailClientsCollection.Name)]
public sealed class ImaplibClientTests(MailPortsProcessCluster fixture)
{
    [Fact]
    public async Task Imaplib_selects_fetches_reads_flags_deletes_and_logs_out()
    {
        var (sender, reader) = (await fixture.NewUserAsync("imaplibfrom"), await fixture.NewUserAsync("imaplibto"));
        const string firstBody = "First of two,\nread with imaplib.\n";
        await PythonClient.SendAsync(fixture.SmtpPort("MD2"), sender, $"{sender}@maildriver.local", [reader], "Lunch on Friday", firstBody);
        await PythonClient.SendAsync(fixture.SmtpPort("MD2"), sender, $"{sender}@maildriver.local", [reader], "Minutes attached", "Second.\n", "--attachment");
        var view = await ImapAgreement.WaitAsync(fixture, ["MD1", "MD2"], reader, v => v.Count == 2, "the two letters");
        var (first, second) = (view.Letters[0], view.Letters[1]);

        var session = await PythonImapSession.RunAsync(fixture.ImapPort("MD1"), reader);

        Assert.Equal("OK", session.Status("CAPABILITY"));
        Assert.Contains("IMAP4rev1", session.Data("CAPABILITY").Single().Split(' '));
        Assert.Equal("OK", session.Status("LOGIN"));
        Assert.Equal("OK", session.Status("SELECT"));
        Assert.Equal(["2"], session.Data("SELECT"));
        Assert.Equal([$"{view.UidValidity}"], session.Code("UIDVALIDITY"));
        Assert.Equal([$"{view.UidNext}"], session.Code("UIDNEXT"));
        Assert.Equal(["(\\Answered \\Flagged \\Deleted \\Seen)"], session.Code("FLAGS"));
        Assert.Equal(["(\\Answered \\Flagged \\Deleted \\Seen)"], session.Code("PERMANENTFLAGS"));

        var summaries = session.Data("FETCH").Where(d => d != ")").ToList();
        Assert.Equal(2, summaries.Count);
        Assert.Contains($"UID {first.Uid}", summaries[0], StringComparison.Ordinal);
        Assert.Contains($"UID {second.Uid}", summaries[1], StringComparison.Ordinal);
        Assert.All(summaries, s => Assert.Contains("FLAGS ()", s, StringComparison.Ordinal));
        Assert.Contains("\"Lunch on Friday\"", summaries[0], StringComparison.Ordinal);
        Assert.Contains($"((NIL NIL \"{sender}\" \"maildriver.local\"))", summaries[0], StringComparison.Ordinal);
        Assert.Contains("\"Minutes attached\"", summaries[1], StringComparison.Ordinal);

        // BODY.PEEK[] of the last message by UID: the whole message, as big as RFC822.SIZE said, still unread.
        Assert.Equal($"{second.Uid}", session.LastUid);
        var message = session.Octets("UID FETCH BODY.PEEK[]");
        Assert.Contains($"RFC822.SIZE {message.Length}", summaries[1], StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(message);
        Assert.Contains("Subject: Minutes attached\r\n", text, StringComparison.Ordinal);
        Assert.Contains("filename=\"minutes.pdf\"", text, StringComparison.Ordinal);
        Assert.Equal(["1 (FLAGS ())"], session.Data("FETCH FLAGS"));

        // BODY[TEXT] without PEEK: imaplib gives the literal as a tuple (joined here), then the rest of the
        // response, the \Seen it set.
        var bodyText = session.Data("FETCH BODY[TEXT]");
        Assert.Equal($"1 (BODY[TEXT] {{{firstBody.Length + 2}}}{firstBody.Replace("\n", "\r\n", StringComparison.Ordinal)}", bodyText[0]);
        Assert.Equal([" FLAGS (\\Seen))"], bodyText.Skip(1));

        Assert.Equal("OK", session.Status("STORE"));
        Assert.Equal(["1 (FLAGS (\\Flagged \\Seen))"], session.Data("STORE"));
        Assert.Equal("OK", session.Status("UID STORE"));
        Assert.Equal([$"2 (UID {second.Uid} FLAGS (\\Deleted))"], session.Data("UID STORE"));
        Assert.Equal("OK", session.Status("EXPUNGE"));
        Assert.Equal(["2"], session.Data("EXPUNGE"));
        Assert.Equal(["1"], session.Data("SEARCH"));
        Assert.Equal([$"1 (UID {first.Uid} FLAGS (\\Flagged \\Seen))"], session.Data("FETCH AFTER"));
        Assert.Equal("BYE", session.Status("LOGOUT"));

        // The cluster took it all: on MD2 the first letter is read and flagged, the second gone.
        await ImapAgreement.WaitAsync(
            fixture, ["MD1", "MD2"], reader, v => v.Count == 1 && v.Letters[0].Flags == (MailKit.MessageFlags.Seen | MailKit.MessageFlags.Flagged), "the session's changes");
        var listed = Assert.Single((await fixture.Cli.As(reader, fixture.Cluster.Gateway("MD2")).JsonAsync("list")).AsArray())!;
        Assert.Equal(("Lunch on Friday", true, true, (long)first.Uid), ((string)listed["subject"]!, (bool)listed["read"]!, (bool)listed["flagged"]!, (long)listed["uid"]!));
    }
}

using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// A restarted machine compiles IMAP's SELECT path before its port opens (issue 17's cold SELECT): with the login it
/// gives itself, its warm-up's EXAMINE and UID FETCH are answered OK through the front door, as its log says, before
/// the line that says it serves IMAP; and a client's SELECT then answers from the counts, its letters following.
/// </summary>
public sealed class ImapWarmUpProcessTests
{
    [Fact]
    public async Task A_restarted_machine_runs_the_select_path_before_its_imap_port_opens()
    {
        await using var mail = await MailPortsProcessCluster.StartNewAsync(2);
        var user = await mail.NewUserAsync("warmselect");
        await mail.Cluster.StopAsync("MD2");
        var before = ReadLog(mail.Cluster.LogPath("MD2"));
        await mail.Cluster.StartAsync("MD2");

        // Its gateway may take logins a moment before its mail ports open.
        await WaitFor.ConditionAsync(() => ReadLog(mail.Cluster.LogPath("MD2"))[before.Length..].Contains("MD2 serves IMAP on", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "MD2's IMAP port open again");
        var log = ReadLog(mail.Cluster.LogPath("MD2"))[before.Length..];
        var ran = log.IndexOf("IMAP: the SELECT path ran", StringComparison.Ordinal);
        var serves = log.IndexOf("MD2 serves IMAP on", StringComparison.Ordinal);
        Assert.True(ran >= 0 && serves > ran, $"the SELECT warm-up's line before the port's in MD2's log since its restart:\n{log}");
        Assert.DoesNotContain("warm-up", log, StringComparison.Ordinal);

        await using var imap = new ImapRawClient(await RawClient.ConnectAsync(mail.ImapPort("MD2")));
        await imap.Raw.ExpectAsync("* OK [CAPABILITY IMAP4rev1 ");
        await imap.OkAsync($"LOGIN {user} {user}-pw");
        Assert.Contains("* 0 EXISTS", await imap.OkAsync("SELECT INBOX"));
        Assert.Empty(await imap.OkAsync("UID FETCH 1:* (FLAGS)"));
    }

    // The silo process writes its log as it runs: read it without keeping it from writing.
    private static string ReadLog(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Support;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary><c>curl</c>'s smtp:// and pop3:// support against two silo processes: send on one machine, read on the other.</summary>
[Collection(MailClientsCollection.Name)]
public sealed class CurlClientTests(MailPortsProcessCluster fixture)
{
    [Fact]
    public async Task CurlSendsThroughOneMachineAndListsReadsAndDeletesThroughTheOther()
    {
        var (sender, reader) = (await fixture.NewUserAsync("curlfrom"), await fixture.NewUserAsync("curlto"));
        var file = Path.Combine(fixture.Cluster.Folder, $"{reader}.eml");
        await File.WriteAllTextAsync(file, $"From: {sender}@maildriver.local\r\nTo: {reader}@maildriver.local\r\nSubject: Sent with curl\r\n\r\nHello from curl,\r\n.a line with a leading dot\r\nbye\r\n");
        string[] send = [
            "--url", Url("smtp", fixture.SmtpPort("MD1"), ""), "--mail-from", $"{sender}@maildriver.local",
            "--mail-rcpt", $"{reader}@maildriver.local", "--upload-file", file, "--user", $"{sender}:{sender}-pw", "-v"];

        var id = QueuedId(await CurlAsync(send));
        // curl adds no Message-ID: the very same upload again is taken for a retry, not a second letter.
        Assert.Equal(id, QueuedId(await CurlAsync(send)));

        var pop3 = fixture.Pop3Port("MD2");
        var login = new[] { "--user", $"{reader}:{reader}-pw" };
        var listing = Listing((await CurlAsync([Url("pop3", pop3, "/"), .. login])).Stdout);
        var size = Assert.Single(listing).Split(' ');
        Assert.Equal("1", size[0]);
        Assert.Equal([$"1 {id}"], Listing((await CurlAsync([Url("pop3", pop3, "/"), "-X", "UIDL", .. login])).Stdout));

        var message = (await CurlAsync([Url("pop3", pop3, "/1"), .. login])).Stdout;
        Assert.Equal(int.Parse(size[1], CultureInfo.InvariantCulture), message.Length);
        // The stored message is the one uploaded, byte for byte: nothing added (not even a Message-ID), nothing lost.
        Assert.Equal(await File.ReadAllTextAsync(file), message);

        await CurlAsync([Url("pop3", pop3, "/1"), "-X", "DELE", "-I", .. login]);
        // The DELE took effect at curl's QUIT, through the replicated delete: MD1 has nothing left either.
        Assert.Empty(Listing((await CurlAsync([Url("pop3", fixture.Pop3Port("MD1"), "/"), .. login])).Stdout));
    }

    [Fact]
    public async Task CurlIsToldWhichRecipientAndWhichPasswordAreWrong()
    {
        var sender = await fixture.NewUserAsync("curlbad");
        var file = Path.Combine(fixture.Cluster.Folder, $"{sender}.eml");
        await File.WriteAllTextAsync(file, "Subject: nobody\r\n\r\nto nobody\r\n");
        string[] common = ["--url", Url("smtp", fixture.SmtpPort("MD2"), ""), "--mail-from", $"{sender}@maildriver.local", "--upload-file", file];

        var unknown = await CurlAsync([.. common, "--mail-rcpt", "nobody-here@maildriver.local", "--user", $"{sender}:{sender}-pw"], expectSuccess: false);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("550", unknown.Stderr, StringComparison.Ordinal);

        var wrongPassword = await CurlAsync([.. common, "--mail-rcpt", $"{sender}@maildriver.local", "--user", $"{sender}:wrong"], expectSuccess: false);
        Assert.Equal(67, wrongPassword.ExitCode); // CURLE_LOGIN_DENIED
        var pop3 = await CurlAsync([Url("pop3", fixture.Pop3Port("MD1"), "/"), "--user", $"{sender}:wrong"], expectSuccess: false);
        Assert.Equal(67, pop3.ExitCode);
    }

    private static string Url(string scheme, int port, string path) => string.Create(CultureInfo.InvariantCulture, $"{scheme}://127.0.0.1:{port}{path}");


    // curl prints an empty scan listing as one empty line.
    private static List<string> Listing(string text) => text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string QueuedId(ProcessResult result)
    {
        var match = Regex.Match(result.Stderr, @"< 250 2\.0\.0 OK: queued as (\S+)");
        return match.Success ? match.Groups[1].Value : throw new XunitException($"curl's trace has no \"queued as\" line: {result}");
    }

    private Task<ProcessResult> CurlAsync(string[] args, bool expectSuccess = true) => Curl.RunAsync(args, fixture.Logs, expectSuccess);
}

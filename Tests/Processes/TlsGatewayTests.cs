using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Maildriver.Client.Connection;
using Maildriver.Tests.Processes.Security;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes;

/// <summary>
/// Three real silos with <c>tls</c> in cluster.json (certificates from the trial script): the gateways and
/// dashboards speak TLS, the silo links mutual TLS, and the real <c>maildriver</c> CLI checks the gateways against the
/// site's own authority.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class TlsGatewayTests
{
    [Fact]
    public async Task TheCliWorksThroughTlsGatewaysAndRefusesWhatItCannotTrust()
    {
        await using var cluster = new SiloProcessCluster(3, TlsClusterConfig.Add);
        var ca = await SelfSignedTls.MakeAsync(Path.Combine(cluster.Folder, "tls"), cluster.Machines);
        cluster.GatewayTls = GatewayTrust.FromPemFile(ca);
        await cluster.StartAsync();

        // The administrator adds two users through MD1 over TLS, the authority given by --ca-file.
        foreach (var user in new[] { "alice", "bob" })
        {
            var added = await CliAsync(["--gateway", cluster.Gateway("MD1"), "--ca-file", ca, "--user", "admin", "admin", "add-user", user, "--password", $"{user}-pw"], SiloProcessCluster.AdminPassword);
            Assert.True(added.ExitCode == 0, added + cluster.LogTails());
            await cluster.WaitForUserAsync(user, $"{user}-pw");
        }

        // alice sends through MD1, bob receives through MD3: the authority from MAILDRIVER_CA_FILE this time. The
        // letter went between the machines over their mutual-TLS silo links.
        var sent = await CliAsync(["--gateway", cluster.Gateway("MD1"), "--user", "alice", "--json", "send", "--to", "bob", "--subject", "Sealed"], "alice-pw", ca, stdin: "over TLS\n");
        Assert.True(sent.ExitCode == 0, sent + cluster.LogTails());
        var id = (string)JsonNode.Parse(sent.Stdout)!["id"]!;
        var received = await CliAsync(["--gateway", cluster.Gateway("MD3"), "--user", "bob", "--json", "receive"], "bob-pw", ca);
        Assert.True(received.ExitCode == 0, received + cluster.LogTails());
        var letter = Assert.Single(JsonNode.Parse(received.Stdout)!.AsArray())!;
        Assert.Equal((id, "over TLS\n"), ((string)letter["id"]!, (string)letter["body"]!));

        // Without the site's authority the certificate is not trusted: no gateway, and nothing sent.
        var untrusted = await CliAsync(["--gateway", cluster.Gateway("MD2"), "--user", "alice", "send", "--to", "bob", "--subject", "Never"], "alice-pw", stdin: "x");
        Assert.True(untrusted.ExitCode == 3, untrusted.ToString());
        Assert.Contains("certificate", untrusted.Stderr, StringComparison.OrdinalIgnoreCase);

        // A cleartext client cannot speak to a TLS port either.
        var cleartext = await CliAsync(["--gateway", $"127.0.0.1:{cluster.Ports("MD2").Gateway}", "--user", "alice", "list"], "alice-pw");
        Assert.True(cleartext.ExitCode == 3, cleartext.ToString());

        // A CA file that is no certificate is a usage error, said plainly.
        var notPem = Path.Combine(cluster.Folder, "not-a-ca.pem");
        await File.WriteAllTextAsync(notPem, "hello");
        var badCa = await CliAsync(["--gateway", cluster.Gateway("MD2"), "--ca-file", notPem, "--user", "alice", "list"], "alice-pw");
        Assert.True(badCa.ExitCode == 2, badCa.ToString());
        Assert.Contains("not-a-ca.pem", badCa.Stderr);

        var bobsLetters = await CliAsync(["--gateway", cluster.Gateway("MD2"), "--user", "bob", "--json", "receive"], "bob-pw", ca);
        Assert.Equal([id], JsonNode.Parse(bobsLetters.Stdout)!.AsArray().Select(l => (string)l!["id"]!));

        // The gateway lets a client in without a certificate; the silo port does not.
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(ca);
        Assert.Null(await TlsProbe.HandshakeAsync(cluster.Ports("MD2").Gateway, roots, clientCertificate: null, waitForRefusal: false));
        Assert.NotNull(await TlsProbe.HandshakeAsync(cluster.Ports("MD2").Silo, roots, clientCertificate: null, waitForRefusal: true));

        // The dashboard serves its login page over TLS only.
        using var http = TrustingClient(ca);
        var login = await http.GetAsync($"https://127.0.0.1:{cluster.Ports("MD3").Dashboard}/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("<form", await login.Content.ReadAsStringAsync());
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{cluster.Ports("MD3").Dashboard}/login"));
    }

    private static Task<ProcessResult> CliAsync(string[] args, string password, string? caFile = null, string? stdin = null)
    {
        var env = new Dictionary<string, string> { ["MAILDRIVER_PASSWORD"] = password };
        if (caFile is not null)
        {
            env["MAILDRIVER_CA_FILE"] = caFile;
        }

        return MaildriverCli.RunAsync(args, stdin, env);
    }

    private static HttpClient TrustingClient(string caFile)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        var handler = new SocketsHttpHandler { UseProxy = false, SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }
}

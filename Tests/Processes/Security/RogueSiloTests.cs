using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maildriver.Client.Connection;
using Maildriver.Clustering;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Security;

/// <summary>
/// A cluster with <c>tls</c> in cluster.json, and a fourth Maildriver.Silo process that knows everything else about
/// it (the machines, the cluster secret, the membership file) but holds no certificate of the cluster's authority:
/// its own authority's, or none at all. It cannot join (every silo refuses its silo links, so its connectivity check
/// fails and it never becomes Active) and it cannot reach a grain through a silo port.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class RogueSiloTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AProcessWithoutTheClustersCertificateCannotJoinNorReachAGrain(bool withItsOwnAuthoritysCertificate)
    {
        await using var cluster = new SiloProcessCluster(3, TlsClusterConfig.Add);
        var ca = await SelfSignedTls.MakeAsync(Path.Combine(cluster.Folder, "tls"), cluster.Machines);
        cluster.GatewayTls = GatewayTrust.FromPemFile(ca);
        await cluster.StartAsync();

        var rogueFolder = Path.Combine(cluster.Folder, "rogue");
        await SelfSignedTls.MakeAsync(Path.Combine(rogueFolder, "tls"), ["MD4"]);
        var rogueConfig = await WriteRogueConfigAsync(cluster, rogueFolder, withItsOwnAuthoritysCertificate);
        var rogue = new SiloProcess("MD4", () => DotnetHost.SiloStartInfo(rogueConfig, "MD4"), Path.Combine(cluster.Folder, "MD4.log"));
        try
        {
            rogue.Start();

            // Its connectivity check with the three Active silos fails: none accepts its silo link.
            await WaitFor.ConditionAsync(
                () => rogue.HasExited || rogue.LogTail(400).Contains("Failed to get ping responses from 3 of 3 active silos", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                "the rogue silo's connectivity check fails");
            Assert.Contains(cluster.Machines, m => cluster.LogTail(m, 5000).Contains("TlsServerConnectionMiddleware[1] Authentication failed", StringComparison.Ordinal));
            var rows = (await SqliteMembershipTable.Open(Path.Combine(cluster.Folder, "membership.db"), "maildriver").ReadAllAsync()).Members.Select(m => m.Item1).ToList();
            Assert.DoesNotContain(rows, r => r.SiloName == "MD4" && r.Status == SiloStatus.Active);
            Assert.Equal(["MD1", "MD2", "MD3"], rows.Where(r => r.Status == SiloStatus.Active).Select(r => r.SiloName).Order());

            // With or without a certificate of its own, a silo port does not let it in.
            var authority = new X509Certificate2Collection();
            authority.ImportFromPemFile(ca);
            using var own = X509Certificate2.CreateFromPemFile(Path.Combine(rogueFolder, "tls", "MD4.crt"), Path.Combine(rogueFolder, "tls", "MD4.key"));
            Assert.NotNull(await TlsProbe.HandshakeAsync(cluster.Ports("MD1").Silo, authority, withItsOwnAuthoritysCertificate ? own : null, waitForRefusal: true));

            // The cluster never noticed it: three machines, all up, serving.
            await using var client = new FailoverClient(GatewayList.Parse(cluster.Gateways), new ClientSettings(cluster.GatewayTls));
            var token = (await client.Server.Login("admin", SiloProcessCluster.AdminPassword)).Token;
            var status = await client.Server.Status(token);
            Assert.Equal(["MD1", "MD2", "MD3"], status.Machines.Select(m => m.Name));
            Assert.All(status.Machines, m => Assert.True(m.Up));
        }
        finally
        {
            await rogue.DisposeAsync();
        }
    }

    // The cluster's own cluster.json and membership file, plus machine MD4 with a certificate another authority
    // issued (or none) that trusts the cluster's authority (its certificate is public): what an intruder who read
    // every file but the machines' keys could write. Only the silos' demand for a certificate of the cluster's
    // authority stops it.
    private static async Task<string> WriteRogueConfigAsync(SiloProcessCluster cluster, string folder, bool withCertificate)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(cluster.ConfigPath))!.AsObject();
        var ports = LoopbackPorts.Reserve(2);
        var md4 = new JsonObject
        {
            ["name"] = "MD4",
            ["host"] = "127.0.0.1",
            ["siloPort"] = ports[0],
            ["gatewayPort"] = ports[1],
            ["dataDir"] = "data/MD4",
            ["tls"] = withCertificate
                ? new JsonObject { ["certificate"] = "tls/MD4.crt", ["key"] = "tls/MD4.key", ["authority"] = Path.Combine(cluster.Folder, "tls", "ca.crt") }
                : null,
        };
        config["machines"]!.AsArray().Add(md4);
        config["membership"] = new JsonObject { ["provider"] = "sqlite", ["file"] = Path.Combine(cluster.Folder, "membership.db") };
        var path = Path.Combine(folder, "cluster.json");
        await File.WriteAllTextAsync(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}

using System.Text.Json.Nodes;
using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Tls;

/// <summary>Two in-process machines whose cluster.json has a <c>"tls"</c> section: POP3 offers STLS, SMTP STARTTLS.</summary>
public sealed class TlsCluster : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maildriver-tls-" + Guid.NewGuid().ToString("N")[..12]);

    public MailPortsCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (certificate, key) = TestCertificate.WritePem(_folder);
        Cluster = await MailPortsCluster.StartAsync(2, clusterJson: doc => doc["tls"] = new JsonObject { ["certificate"] = certificate, ["key"] = key });
        await Cluster.Mail.AddUsersAsync("alice", "bob");
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}

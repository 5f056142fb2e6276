using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Limits;

/// <summary>Two in-process machines (the tests use MD1) with tight limits: 4 KiB letters, 3 connections per port.</summary>
public sealed class LimitsCluster : IAsyncLifetime
{
    public const int MaxLetterBytes = 4096;
    public const int MaxConnections = 3;

    public MailPortsCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await MailPortsCluster.StartAsync(
            2,
            mailPorts: o =>
            {
                o["maxConnections"] = MaxConnections;
            },
            protocol: p => p["maxLetterBytes"] = MaxLetterBytes);
        await Cluster.Mail.AddUsersAsync("alice", "bob");
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

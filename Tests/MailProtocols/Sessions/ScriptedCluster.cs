using Maildriver.Tests.MailProtocols.Support;

namespace Maildriver.Tests.MailProtocols.Sessions;

/// <summary>
/// Two in-process machines with POP3 and SMTP ports for the scripted sessions: letters of at most 64 KiB,
/// users alice and bob, and a fresh user for any test that needs an untouched mailbox.
/// </summary>
public sealed class ScriptedCluster : IAsyncLifetime
{
    public const int MaxLetterBytes = 64 * 1024;

    private int _users;

    public MailPortsCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await MailPortsCluster.StartAsync(2, protocol: p => p["maxLetterBytes"] = MaxLetterBytes);
        await Cluster.Mail.AddUsersAsync("alice", "bob");
    }

    /// <summary>Registers a user no other test uses and waits until both machines have it.</summary>
    public async Task<string> NewUserAsync(string prefix)
    {
        var name = $"{prefix}{Interlocked.Increment(ref _users)}";
        await Cluster.Mail.AddUsersAsync(name);
        return name;
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

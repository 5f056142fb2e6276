using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes;

/// <summary>
/// A 3-machine cluster of real silo processes shared by a test class, with alice and bob registered through the
/// CLI. Tests that need an untouched mailbox register their own users with <see cref="AddUserAsync"/>.
/// </summary>
public sealed class ThreeMachineCluster : IAsyncLifetime
{
    private int _users;

    public SiloProcessCluster Cluster { get; private set; } = null!;

    public CliSessionFactory Cli { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await SiloProcessCluster.StartNewAsync(3);
        Cli = new CliSessionFactory(Cluster);
        await AddUserAsync("alice");
        await AddUserAsync("bob");
    }

    /// <summary>A name no other test of the class uses, for a user of its own.</summary>
    public string UniqueName(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";

    /// <summary>Adds a user through the CLI and waits until every machine accepts its login (<see cref="CliSessionFactory.AddUsersAsync"/>).</summary>
    public Task AddUserAsync(string name) => Cli.AddUsersAsync(name);

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

using Maildriver.Tests.MailProtocols.RealClients;

namespace Maildriver.Tests.MailProtocols.ImapCluster;

/// <summary>
/// IMAP tests that need three machines share one cluster of three silo processes and run alone (three silos keep
/// two cores busy); tests that kill machines start clusters of their own in <see cref="ImapFailoverCollection"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImapClusterCollection : ICollectionFixture<ThreeMachineMailPorts>
{
    public const string Name = "IMAP across three silo processes";
}

/// <summary>IMAP tests that kill machines: each starts and disposes its own cluster, one test at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImapFailoverCollection
{
    public const string Name = "IMAP failover on silo processes";
}

/// <summary>The fixture of <see cref="ImapClusterCollection"/>: MD1-MD3 with POP3, SMTP and IMAP ports.</summary>
public sealed class ThreeMachineMailPorts : IAsyncLifetime
{
    public MailPortsProcessCluster Mail { get; private set; } = null!;

    public async Task InitializeAsync() => Mail = await MailPortsProcessCluster.StartNewAsync(3);

    public async Task DisposeAsync()
    {
        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }
    }
}

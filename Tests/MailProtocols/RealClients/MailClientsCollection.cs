namespace Maildriver.Tests.MailProtocols.RealClients;

/// <summary>
/// The tests that drive real mail clients against real silo processes share one cluster, and run alone: a cluster
/// of silo processes already keeps two cores busy.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MailClientsCollection : ICollectionFixture<MailPortsProcessCluster>
{
    public const string Name = "Mail clients against silo processes";
}

namespace Maildriver.Clustering.Tests.Support;

/// <summary>The test classes that share one <see cref="ToyCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ToyClusterCollection : ICollectionFixture<ToyCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "toy cluster";
}

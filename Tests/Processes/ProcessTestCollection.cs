namespace Maildriver.Tests.Processes;

/// <summary>
/// Tests that start real processes run one class at a time: three silos per cluster already keep two cores busy,
/// and two clusters at once would only make each slower and its timeouts flakier.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestCollection
{
    public const string Name = "Real processes";
}

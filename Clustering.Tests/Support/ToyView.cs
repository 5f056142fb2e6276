namespace Maildriver.Clustering.Tests.Support;

/// <summary>A record like a machine's view of the cluster: the state the toy grain keeps.</summary>
[GenerateSerializer, Alias("maildriver.tests.ToyView")]
public sealed record ToyView
{
    [Id(0)] public int Epoch { get; init; }

    [Id(1)] public string Master { get; init; } = "";

    [Id(2)] public string Lieutenant { get; init; } = "";
}

namespace Maildriver.Grains.Dashboard;

/// <summary>How many activations of one grain class live on a silo.</summary>
/// <param name="Grain">The grain class, e.g. <c>InboxGrain</c>.</param>
/// <param name="Count">Its activations.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.GrainActivationCount")]
public sealed record GrainActivationCount([property: Id(0)] string Grain, [property: Id(1)] int Count);

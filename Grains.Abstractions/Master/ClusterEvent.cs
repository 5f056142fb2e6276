namespace Maildriver.Grains.Master;

/// <summary>One thing that happened to the cluster, as the Master saw it, for operators.</summary>
/// <param name="Time">When it happened, by the recording machine's clock.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">What it happened to: a machine name, or a letter id.</param>
/// <param name="Epoch">The epoch the Master was in.</param>
/// <param name="Text">A sentence saying it.</param>
/// <param name="Count">A number that goes with it, e.g. how many requests a catch-up starts from.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.ClusterEvent")]
public sealed record ClusterEvent([property: Id(0)] DateTimeOffset Time, [property: Id(1)] ClusterEventKind Kind, [property: Id(2)] string Subject, [property: Id(3)] long Epoch, [property: Id(4)] string Text, [property: Id(5)] long? Count = null);

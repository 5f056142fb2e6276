namespace Maildriver.Grains.Protocol;

/// <summary>One thing that happened to the cluster, as a Master or a Lieutenant saw it, for operators.</summary>
/// <param name="Id">Unique across the cluster: every machine keeps a copy, and copies are merged by it.</param>
/// <param name="Time">When it happened, by the recording machine's clock.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">What it happened to: a machine name, or a letter id.</param>
/// <param name="Epoch">The epoch the recorder was in.</param>
/// <param name="Text">A sentence saying it.</param>
/// <param name="Count">A number that goes with it, e.g. how many requests a catch-up starts from.</param>
/// <param name="RecordedBy">
/// Who recorded it, by role and machine: <c>Master MD2</c> or <c>Lieutenant MD2</c>, so the two on one machine are
/// never taken for each other.
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.ClusterEvent")]
public sealed record ClusterEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] ClusterEventKind Kind,
    [property: Id(3)] string Subject,
    [property: Id(4)] long Epoch,
    [property: Id(5)] string Text,
    [property: Id(6)] long? Count,
    [property: Id(7)] string RecordedBy);

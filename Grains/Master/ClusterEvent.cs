namespace Maildriver.Grains.Master;

/// <summary>One thing that happened to the cluster, as the Master saw it, for operators.</summary>
/// <param name="Time">When it happened, by the recording machine's clock.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">What it happened to: a machine name, or a letter id.</param>
/// <param name="Epoch">The epoch the Master was in.</param>
/// <param name="Text">A sentence saying it.</param>
/// <param name="Count">A number that goes with it, e.g. how many requests a catch-up starts from.</param>
public sealed record ClusterEvent(DateTimeOffset Time, ClusterEventKind Kind, string Subject, long Epoch, string Text, long? Count = null);

namespace Maildriver.Grains.Protocol;

/// <summary>The Pulse process's answer: the machine is alive, and whether its Master (if it should have one) is running.</summary>
/// <param name="View">The machine's view of the cluster.</param>
/// <param name="MasterRunning">True when this machine's Master grain is active for that view's epoch.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.PulseReply")]
public sealed record PulseReply([property: Id(0)] ClusterView View, [property: Id(1)] bool MasterRunning);

namespace Maildriver.Grains.Protocol;

/// <summary>One machine as the Master sees it.</summary>
/// <param name="Name">The machine.</param>
/// <param name="Up">False while it is on the Dead Machine List.</param>
/// <param name="CatchupPending">Requests waiting on its Dead Machine Catchup List (or in its Sender queue).</param>
/// <param name="State">
/// One of <see cref="MachineStates"/>: why a machine that is not up is not (dead, catching up or being rebuilt).
/// Null from a Master older than this field.
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.MachineStatus")]
public sealed record MachineStatus([property: Id(0)] string Name, [property: Id(1)] bool Up, [property: Id(2)] int CatchupPending, [property: Id(3)] string? State = null);

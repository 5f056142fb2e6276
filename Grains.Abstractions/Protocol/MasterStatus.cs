namespace Maildriver.Grains.Protocol;

/// <summary>The Master's view, in the shape <c>maildriver admin status --json</c> prints.</summary>
/// <param name="Master">The machine holding mastership.</param>
/// <param name="Lieutenant">The machine holding lieutenancy (null: none since a takeover).</param>
/// <param name="Epoch">The current epoch.</param>
/// <param name="Machines">Every machine, up or dead, with the length of its catch-up list.</param>
/// <param name="PendingSends">Letters not yet finished on every machine.</param>
/// <param name="PendingDeletes">Deletes and other requests not yet finished on every machine.</param>
/// <param name="DeleteQueue">Deletes and read flags waiting for a letter's delivery to finish.</param>
/// <param name="DoYouHaveIt">Letters whose body no live machine could provide.</param>
/// <param name="LiveWork">Letters and requests some live machine has not finished, plus deferred ones: zero when the live machines are quiet.</param>
/// <param name="NotAcknowledging">Null while requests are acknowledged; else why the Master acknowledges nothing (it has no live Lieutenant).</param>
[GenerateSerializer, Immutable, Alias("Maildriver.MasterStatus")]
public sealed record MasterStatus(
    [property: Id(0)] string Master,
    [property: Id(1)] string? Lieutenant,
    [property: Id(2)] long Epoch,
    [property: Id(3)] IReadOnlyList<MachineStatus> Machines,
    [property: Id(4)] int PendingSends,
    [property: Id(5)] int PendingDeletes,
    [property: Id(6)] int DeleteQueue,
    [property: Id(7)] IReadOnlyList<string> DoYouHaveIt,
    [property: Id(8)] int LiveWork,
    [property: Id(9)] string? NotAcknowledging = null);

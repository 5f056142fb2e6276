namespace Maildriver.Grains.Protocol;

/// <summary>
/// What a new Master starts from: the Lieutenant's records of unfinished requests (section 11's "FromLieutenant"
/// file) and its Dead Machine List, or, on a change of master, the old Master's own.
/// </summary>
/// <param name="Records">Unfinished sends (headers only) and requests, in the order they were made.</param>
/// <param name="DeadMachines">Machines on the Dead Machine List; each gets every record in its catch-up list.</param>
/// <param name="FormerMaster">The machine that held mastership before.</param>
/// <param name="FormerMasterAlive">True on a change of master (the old Master hands over); false on a takeover.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.TakeOverState")]
public sealed record TakeOverState([property: Id(0)] IReadOnlyList<LieutenantRecord> Records, [property: Id(1)] IReadOnlyList<string> DeadMachines, [property: Id(2)] string FormerMaster, [property: Id(3)] bool FormerMasterAlive);

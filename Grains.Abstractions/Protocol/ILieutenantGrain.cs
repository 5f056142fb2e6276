using Orleans.Concurrency;

namespace Maildriver.Grains.Protocol;

/// <summary>
/// The Lieutenant, keyed by the machine that holds lieutenancy: it keeps a duplicate of the Master's records of
/// unfinished requests (letter ids, not bodies), so that it can take over if the Master dies.
/// </summary>
[Alias("Maildriver.ILieutenantGrain")]
public interface ILieutenantGrain : IGrainWithStringKey
{
    /// <summary>Marks down new requests; the Master acknowledges its client only after this returns.</summary>
    [Alias("Record")]
    Task Record(long epoch, IReadOnlyList<LieutenantRecord> records);

    /// <summary>"It's OK, that got done, you can forget about it."</summary>
    [Alias("Forget")]
    Task Forget(long epoch, IReadOnlyList<string> opIds);

    /// <summary>Appointment by the Master: everything it must know (pending sends and requests, the Dead Machine List).</summary>
    [Alias("Appoint")]
    Task Appoint(ClusterView view, IReadOnlyList<LieutenantRecord> records, IReadOnlyList<string> deadMachines);

    /// <summary>The Master's word that a machine died: it goes on the Lieutenant's Dead Machine List.</summary>
    [Alias("MachineDied")]
    Task MachineDied(long epoch, string machine);

    /// <summary>The Master's word that a machine is caught up and back: off the Dead Machine List.</summary>
    [Alias("MachineReborn")]
    Task MachineReborn(long epoch, string machine);

    /// <summary>
    /// A restarted Master reports its own death (it lost its state): the Lieutenant takes over at once rather than
    /// wait for the pulses to go quiet.
    /// </summary>
    [Alias("MasterDied")]
    Task MasterDied(long epoch, string master);

    /// <summary>How many requests it remembers.</summary>
    [Alias("PendingCount")]
    [AlwaysInterleave]
    Task<int> PendingCount();
}

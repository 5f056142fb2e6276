using Maildriver.Grains.Protocol;
using Maildriver.Runtime;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master, keyed by the machine that holds mastership. It stores each new letter and records it with the
/// Lieutenant before the origin may acknowledge its client, fans letters and other requests out through one
/// ordered Sender queue per machine, counts the "finished" acknowledgements, and defers deletes of letters still
/// mid-delivery in the Delete queue.
/// </summary>
public interface IMasterGrain : IGrainWithStringKey
{
    /// <summary>New letters from an origin machine; returns their ids (the first id for a repeated submission).</summary>
    Task<IReadOnlyList<string>> Submit(IReadOnlyList<Letter> letters);

    /// <summary>"I've finished it": <paramref name="machine"/> carried out these orders.</summary>
    [AlwaysInterleave]
    Task Finished(long epoch, string machine, IReadOnlyList<string> opIds);

    /// <summary>
    /// "This guy wants his mail": moves <paramref name="user"/>'s letters not yet on <paramref name="machine"/> to the
    /// front of its queue and waits, at most <paramref name="wait"/>, until the machine has them. Returns how many of
    /// the user's letters the machine still does not have (including any whose body no live machine holds).
    /// </summary>
    Task<int> RushOrder(string machine, string user, TimeSpan wait);

    /// <summary>Deletes, read flags, and user and list changes: recorded with the Lieutenant, then acknowledged.</summary>
    Task Record(IReadOnlyList<Order> requests);

    /// <summary>
    /// "I'm here! I'm here! So who's the Master these days, anyway?" (section 10.2): a machine that (re)started
    /// announces itself; if it is on the Dead Machine List its catch-up begins. Returns the current view.
    /// </summary>
    Task<ClusterView> Hello(string machine);

    /// <summary>
    /// A machine whose store was lost or restored from a backup asks to be rebuilt. The Master names the machine
    /// whose snapshot it is to copy (its own) and, in the same turn, restarts the rebuilt machine's catch-up list
    /// from everything that machine has not yet received, so the snapshot plus the list is the whole story.
    /// </summary>
    Task<string> BeginRebuild(string machine);

    /// <summary>Starts this Master from a Lieutenant's records (a takeover) or from the former Master's (a change of master).</summary>
    Task TakeOver(TakeOverState state);

    /// <summary>Administrators' "change master": hands mastership, records and queues to <paramref name="machine"/>.</summary>
    Task ChangeMaster(string machine);

    /// <summary>The Master's view of the world, for <c>admin status</c>.</summary>
    [AlwaysInterleave]
    Task<MasterStatus> Status();
}

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
public sealed record MasterStatus(
    string Master,
    string? Lieutenant,
    long Epoch,
    IReadOnlyList<MachineStatus> Machines,
    int PendingSends,
    int PendingDeletes,
    int DeleteQueue,
    IReadOnlyList<string> DoYouHaveIt,
    int LiveWork,
    string? NotAcknowledging = null);

/// <summary>One machine as the Master sees it.</summary>
/// <param name="Name">The machine.</param>
/// <param name="Up">False while it is on the Dead Machine List.</param>
/// <param name="CatchupPending">Requests waiting on its Dead Machine Catchup List (or in its Sender queue).</param>
/// <param name="State">
/// One of <see cref="MachineStates"/>: why a machine that is not up is not (dead, catching up or being rebuilt).
/// Null from a Master older than this field.
/// </param>
public sealed record MachineStatus(string Name, bool Up, int CatchupPending, string? State = null);

using Orleans.Concurrency;

namespace Maildriver.Grains.Protocol;

/// <summary>
/// The Master, keyed by the machine that holds mastership. It stores each new letter and records it with the
/// Lieutenant before the origin may acknowledge its client, fans letters and other requests out through one
/// ordered Sender queue per machine, counts the "finished" acknowledgements, and defers deletes of letters still
/// mid-delivery in the Delete queue.
/// </summary>
[Alias("Maildriver.IMasterGrain")]
public interface IMasterGrain : IGrainWithStringKey
{
    /// <summary>New letters from an origin machine; returns their ids (the first id for a repeated submission).</summary>
    [Alias("Submit")]
    Task<IReadOnlyList<string>> Submit(IReadOnlyList<Letter> letters);

    /// <summary>"I've finished it": <paramref name="machine"/> carried out these orders.</summary>
    [Alias("Finished")]
    [AlwaysInterleave]
    Task Finished(long epoch, string machine, IReadOnlyList<string> opIds);

    /// <summary>
    /// "This guy wants his mail": moves <paramref name="user"/>'s letters not yet on <paramref name="machine"/> to the
    /// front of its queue and waits, at most <paramref name="wait"/>, until the machine has them. Returns how many of
    /// the user's letters the machine still does not have (including any whose body no live machine holds).
    /// </summary>
    // Waits up to the caller's receive wait, which may be as long as the default response timeout.
    [ResponseTimeout("00:00:30")]
    [Alias("RushOrder")]
    Task<int> RushOrder(string machine, string user, TimeSpan wait);

    /// <summary>Deletes, read flags, and user and list changes: recorded with the Lieutenant, then acknowledged.</summary>
    [Alias("Record")]
    Task Record(IReadOnlyList<Order> requests);

    /// <summary>
    /// "I'm here! I'm here! So who's the Master these days, anyway?" (section 10.2): a machine that (re)started
    /// announces itself; if it is on the Dead Machine List its catch-up begins. Returns the current view.
    /// </summary>
    [Alias("Hello")]
    Task<ClusterView> Hello(string machine);

    /// <summary>
    /// A machine whose store was lost or restored from a backup asks to be rebuilt. The Master names the machine
    /// whose snapshot it is to copy (its own) and, in the same turn, restarts the rebuilt machine's catch-up list
    /// from everything that machine has not yet received, so the snapshot plus the list is the whole story.
    /// </summary>
    [Alias("BeginRebuild")]
    Task<string> BeginRebuild(string machine);

    /// <summary>Starts this Master from a Lieutenant's records (a takeover) or from the former Master's (a change of master).</summary>
    [Alias("TakeOver")]
    Task TakeOver(TakeOverState state);

    /// <summary>Administrators' "change master": hands mastership, records and queues to <paramref name="machine"/>.</summary>
    [Alias("ChangeMaster")]
    Task ChangeMaster(string machine);

    /// <summary>The Master's view of the world, for <c>admin status</c>.</summary>
    [Alias("Status")]
    [AlwaysInterleave]
    Task<MasterStatus> Status();
}

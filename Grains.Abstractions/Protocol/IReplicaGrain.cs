using Orleans.Concurrency;

namespace Maildriver.Grains.Protocol;

/// <summary>
/// One machine's replica, keyed by the machine name (<c>"MD2"</c>): the paper's Delivery and Pulse processes and
/// its WorkSpace. It takes orders from the Master, answers "got it" when they are stored and "finished" (by a
/// call back) when they are carried out.
/// </summary>
[Alias("Maildriver.IReplicaGrain")]
public interface IReplicaGrain : IGrainWithStringKey
{
    /// <summary>Rebirth: drops bogus protoletters, resumes valid ones, learns who the Master is.</summary>
    [Alias("Start")]
    Task Start();

    /// <summary>
    /// The origin's part of "send letter": writes a bogus protoletter, hands it to the Master, and returns the
    /// letter id once the Master and Lieutenant have it. A submission the Master already knows returns its first id.
    /// </summary>
    // Waits through a takeover for a Master to take the letter (up to 8 missed pulses + 5 s): longer than the default call.
    [ResponseTimeout("00:00:30")]
    [Alias("Accept")]
    Task<string> Accept(Submission submission);

    /// <summary>
    /// Carries out a batch of the Master's orders in order. Orders stamped with an older epoch than this machine's
    /// are refused (<see cref="StaleEpochException"/>); a newer view is adopted.
    /// </summary>
    [Alias("Apply")]
    Task<ApplyResult> Apply(ClusterView view, IReadOnlyList<Order> orders);

    /// <summary>Applies the user's own delete or read-flag locally at once, after the Master acknowledged it.</summary>
    [Alias("ApplyLocal")]
    Task ApplyLocal(IReadOnlyList<Order> orders);

    /// <summary>
    /// The WorkSpace scan of "receive mail": delivers or waits on every protoletter for <paramref name="user"/>
    /// (the RTCBACIL list), for at most <paramref name="wait"/>. True when none is left.
    /// </summary>
    // Waits up to the caller's receive wait, which may be as long as the default response timeout.
    [ResponseTimeout("00:00:30")]
    [Alias("AwaitWorkSpace")]
    Task<bool> AwaitWorkSpace(string user, TimeSpan wait);

    /// <summary>Who this machine believes holds mastership and lieutenancy.</summary>
    [Alias("GetView")]
    [AlwaysInterleave]
    Task<ClusterView> GetView();

    /// <summary>The Pulse process: answers as long as the machine is alive.</summary>
    [Alias("Pulse")]
    [AlwaysInterleave]
    Task<PulseReply> Pulse();

    /// <summary>Learns of a new Master or Lieutenant (the announcement after a takeover, a change of master or an appointment).</summary>
    [Alias("AdoptView")]
    [AlwaysInterleave]
    Task AdoptView(ClusterView view);

    /// <summary>
    /// Makes this machine the Master of <paramref name="view"/>: only a takeover by the Lieutenant on this machine,
    /// a change of master, or the first start of a new cluster may activate a Master here.
    /// </summary>
    [Alias("GrantMastership")]
    Task GrantMastership(ClusterView view);

    /// <summary>Called by a Master grain that steps down: no Master may activate here again until granted anew.</summary>
    [Alias("MasterStopped")]
    [AlwaysInterleave]
    Task MasterStopped();

    /// <summary>
    /// Called by the Master grain as it activates: the view it is Master of and whether a takeover's records are still
    /// to come (said once per grant), or <see cref="NotMasterException"/>.
    /// </summary>
    [Alias("ConfirmMastership")]
    [AlwaysInterleave]
    Task<Mastership> ConfirmMastership();

    /// <summary>This machine's copy of a letter, if it has one anywhere (for a new Master looking for a body).</summary>
    [Alias("FindLetter")]
    [AlwaysInterleave]
    Task<Letter?> FindLetter(string letterId);

    /// <summary>Which of these letters were delivered here at some time (see <c>MailStore.FilterDeliveredAsync</c>).</summary>
    [Alias("FilterDelivered")]
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> FilterDelivered(IReadOnlyList<LetterHeader> headers);

    /// <summary>
    /// Writes a consistent snapshot of this machine's mail for a machine being rebuilt and returns its handle;
    /// read it with <see cref="ReadSnapshot"/> and release it with <see cref="CloseSnapshot"/>.
    /// </summary>
    // Writes the whole store to a snapshot file in one turn; the copy itself then goes in small ReadSnapshot calls.
    [ResponseTimeout("00:02:00")]
    [Alias("OpenSnapshot")]
    Task<SnapshotHandle> OpenSnapshot();

    /// <summary>Up to <paramref name="count"/> bytes of an open snapshot from <paramref name="offset"/>; empty at the end.</summary>
    [Alias("ReadSnapshot")]
    [AlwaysInterleave]
    Task<byte[]> ReadSnapshot(string snapshotId, long offset, int count);

    /// <summary>Deletes an open snapshot (also done by itself when it lies unread for a while).</summary>
    [Alias("CloseSnapshot")]
    [AlwaysInterleave]
    Task CloseSnapshot(string snapshotId);

    /// <summary>A fingerprint of this machine's mail.</summary>
    // Reads every letter and inbox row of the machine.
    [ResponseTimeout("00:01:00")]
    [Alias("Digest")]
    Task<ReplicaDigest> Digest();

    /// <summary>Counts of users, letters, bytes and inbox rows.</summary>
    [Alias("Stats")]
    [AlwaysInterleave]
    Task<ReplicaStats> Stats();
}

using Maildriver.Grains.Storage;
using Maildriver.Runtime;

namespace Maildriver.Grains.Lieutenant;

/// <summary>
/// The Lieutenant, keyed by the machine that holds lieutenancy: it keeps a duplicate of the Master's records of
/// unfinished requests (letter ids, not bodies), so that it can take over if the Master dies.
/// </summary>
public interface ILieutenantGrain : IGrainWithStringKey
{
    /// <summary>Marks down new requests; the Master acknowledges its client only after this returns.</summary>
    Task Record(long epoch, IReadOnlyList<LieutenantRecord> records);

    /// <summary>"It's OK, that got done, you can forget about it."</summary>
    Task Forget(long epoch, IReadOnlyList<string> opIds);

    /// <summary>How many requests it remembers.</summary>
    [AlwaysInterleave]
    Task<int> PendingCount();
}

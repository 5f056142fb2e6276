namespace Maildriver.Grains.Master;

/// <summary>
/// The order in which the Master took requests (section 11: a new Master "re-issues each of these requests from
/// scratch" in the order they were made). Every letter and request gets the next number when the Lieutenant records
/// it; a Master that takes over continues after the highest number in the records it takes over.
/// </summary>
internal sealed class RequestOrder
{
    private long _last;

    /// <summary>The next request's place.</summary>
    public long Next() => ++_last;

    /// <summary>Continues after <paramref name="seq"/> if it is further on (the records a takeover starts from).</summary>
    public void Reached(long seq) => _last = Math.Max(_last, seq);
}

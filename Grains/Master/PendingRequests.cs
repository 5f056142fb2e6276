using System.Diagnostics.CodeAnalysis;

namespace Maildriver.Grains.Master;

/// <summary>
/// The requests other than letters under way (sections 9.1 and 9.3, the appendix's <c>&lt;filename&gt;.deleting</c>,
/// <c>add.&lt;user&gt;</c> and <c>del.&lt;user&gt;</c> files in the Master directory): deletes, read flags, user and
/// list changes, by their operation id, from the Lieutenant's "got it" until every machine finished them.
/// </summary>
internal sealed class PendingRequests
{
    private readonly Dictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);

    /// <summary>How many are under way, deferred ones included.</summary>
    public int Count => _requests.Count;

    /// <summary>Every request under way.</summary>
    public IEnumerable<PendingRequest> All => _requests.Values;

    /// <summary>Whether the request <paramref name="opId"/> is under way.</summary>
    public bool Contains(string opId) => _requests.ContainsKey(opId);

    /// <summary>The request <paramref name="opId"/>, if it is under way.</summary>
    public bool TryGet(string opId, [MaybeNullWhen(false)] out PendingRequest request) => _requests.TryGetValue(opId, out request);

    /// <summary>Puts <paramref name="request"/> under way (or replaces its entry).</summary>
    public void Add(PendingRequest request) => _requests[request.Order.OpId] = request;

    /// <summary>Takes the request <paramref name="opId"/> off; false if it was not under way.</summary>
    public bool Remove(string opId) => _requests.Remove(opId);
}

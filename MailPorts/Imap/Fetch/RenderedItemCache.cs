namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// The machine's FETCH items already rendered (ENVELOPE, BODYSTRUCTURE, BODY), keyed by letter id and item, for
/// every IMAP session of the machine. A letter never changes once stored, and its bytes are the same on every
/// machine, so an entry is never stale and needs no invalidation; only the size is bounded
/// (<c>mailPorts.imapCacheBytes</c>), the least recently used entries going first. Thread-safe.
/// </summary>
internal sealed class RenderedItemCache
{
    // What an entry costs beside its octets: the key's string, the node, the dictionary slot.
    private const long EntryOverhead = 96;

    private readonly long _capacity;
    private readonly Dictionary<(string LetterId, string Item), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();
    private long _bytes;

    /// <summary>A cache of at most <paramref name="capacityBytes"/> (0: keeps nothing).</summary>
    public RenderedItemCache(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        _capacity = capacityBytes;
    }

    /// <summary>The octets the entries hold now, with their overhead; never above the capacity.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The rendered <paramref name="item"/> of <paramref name="letterId"/>, if kept; it becomes the most recently used.</summary>
    public bool TryGet(string letterId, string item, out byte[] rendered)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((letterId, item), out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                rendered = node.Value.Rendered;
                return true;
            }
        }

        rendered = [];
        return false;
    }

    /// <summary>Keeps <paramref name="rendered"/>, dropping the least recently used entries to make room; an entry larger than the whole cache is not kept.</summary>
    public void Add(string letterId, string item, byte[] rendered)
    {
        ArgumentNullException.ThrowIfNull(letterId);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(rendered);
        var entry = new Entry(letterId, item, rendered, CostOf(letterId, item, rendered));
        lock (_lock)
        {
            if (entry.Cost > _capacity || _entries.ContainsKey((letterId, item)))
            {
                return;
            }

            while (_bytes + entry.Cost > _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove((oldest.Value.LetterId, oldest.Value.Item));
                _bytes -= oldest.Value.Cost;
            }

            _entries[(letterId, item)] = _recency.AddFirst(entry);
            _bytes += entry.Cost;
        }
    }

    /// <summary>What keeping <paramref name="rendered"/> costs against the bound: its octets, its key's characters and an overhead.</summary>
    public static long CostOf(string letterId, string item, byte[] rendered)
        => rendered.Length + (2L * (letterId.Length + item.Length)) + EntryOverhead;

    private sealed record Entry(string LetterId, string Item, byte[] Rendered, long Cost);
}

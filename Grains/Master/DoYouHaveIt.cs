using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>
/// The DoYouHaveIt list (section 11, the appendix's MASTER and CARETAKER): letters a new Master must deliver but
/// whose body no live machine had when it took over. Each waits, by its header and its place in request order,
/// until a machine that comes back to life turns out to hold it; the Lieutenant's records keep it meanwhile.
/// </summary>
internal sealed class DoYouHaveIt
{
    private readonly Dictionary<string, (LetterHeader Header, long Seq)> _letters = new(StringComparer.Ordinal);

    /// <summary>How many letters wait on it.</summary>
    public int Count => _letters.Count;

    /// <summary>The waiting letters' ids, in ordinal order.</summary>
    public IReadOnlyList<string> Ids => _letters.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The waiting letters, by header and place in request order.</summary>
    public IEnumerable<(LetterHeader Header, long Seq)> Letters => _letters.Values;

    /// <summary>Whether letter <paramref name="letterId"/> waits on it.</summary>
    public bool Contains(string letterId) => _letters.ContainsKey(letterId);

    /// <summary>Puts a letter on it (or replaces its entry).</summary>
    public void Add(LetterHeader header, long seq) => _letters[header.Id] = (header, seq);

    /// <summary>Takes letter <paramref name="letterId"/> off it: a machine had it. False if it was not there (someone else found it first).</summary>
    public bool Remove(string letterId) => _letters.Remove(letterId);

    /// <summary>How many of its letters are for <paramref name="user"/>.</summary>
    public int CountFor(string user) => _letters.Values.Count(d => d.Header.To.Contains(user, StringComparer.Ordinal));
}

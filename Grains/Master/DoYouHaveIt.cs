using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>
/// The DoYouHaveIt list (section 11, the appendix's MASTER and CARETAKER): letters a new Master must deliver but
/// whose body no live machine gave it when it took over. Each waits, by its header and its place in request order,
/// until a machine turns out to hold it (<see cref="DoYouHaveItOffer"/>): one that comes back to life, or a live one
/// that did not answer at the takeover; the Lieutenant's records keep it meanwhile.
/// </summary>
internal sealed class DoYouHaveIt
{
    private readonly Dictionary<string, (LetterHeader Header, long Seq, HashSet<string> Unanswered)> _letters = new(StringComparer.Ordinal);

    /// <summary>How many letters wait on it.</summary>
    public int Count => _letters.Count;

    /// <summary>The waiting letters' ids, in ordinal order.</summary>
    public IReadOnlyList<string> Ids => _letters.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The waiting letters, by header and place in request order, with the live machines not yet heard from about each.</summary>
    public IEnumerable<(LetterHeader Header, long Seq, IReadOnlyCollection<string> Unanswered)> Letters
        => _letters.Values.Select(d => (d.Header, d.Seq, (IReadOnlyCollection<string>)d.Unanswered));

    /// <summary>Whether letter <paramref name="letterId"/> waits on it.</summary>
    public bool Contains(string letterId) => _letters.ContainsKey(letterId);

    /// <summary>Puts a letter on it (or replaces its entry); <paramref name="unanswered"/> are the live machines that did not answer whether they have it.</summary>
    public void Add(LetterHeader header, long seq, IEnumerable<string> unanswered)
        => _letters[header.Id] = (header, seq, new HashSet<string>(unanswered, StringComparer.Ordinal));

    /// <summary><paramref name="machine"/> answered that it does not have letter <paramref name="letterId"/>: it is not asked again while alive.</summary>
    public void Answered(string letterId, string machine)
    {
        if (_letters.TryGetValue(letterId, out var entry))
        {
            entry.Unanswered.Remove(machine);
        }
    }

    /// <summary>Takes letter <paramref name="letterId"/> off it: a machine had it. False if it was not there (someone else found it first).</summary>
    public bool Remove(string letterId) => _letters.Remove(letterId);

    /// <summary>How many of its letters are for <paramref name="user"/>.</summary>
    public int CountFor(string user) => _letters.Values.Count(d => d.Header.To.Contains(user, StringComparer.Ordinal));
}

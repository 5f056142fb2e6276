using System.Collections.Immutable;

namespace Maildriver.Client.Reader;

/// <summary>
/// The cached list of letters, newest first unless <see cref="NewestFirst"/> is off (<c>o</c>), with the cursor, the
/// search filter, and the ids deleted in this session. The cursor indexes the <see cref="Visible"/> (filtered)
/// letters. Deleted ids are remembered so that a machine the delete has not reached yet cannot bring a letter back
/// into the list.
/// </summary>
internal sealed record Mailbox(ImmutableList<LetterItem> Letters, int Cursor, string? Filter, ImmutableHashSet<string> Gone, bool NewestFirst = true)
{
    public static Mailbox Empty { get; } = new([], 0, null, ImmutableHashSet.Create<string>(StringComparer.Ordinal));

    // Kept with the list and filter they were made from: a 'with' copies the field, and the check below makes a copy
    // whose letters or filter changed compute afresh. Ten thousand letters are filtered once per key, not per use.
    private Derived? _derived;

    /// <summary>The letters the list shows: all of them, or those matching the filter (sender or subject, any case).</summary>
    public IReadOnlyList<LetterItem> Visible => Derive().Visible;

    /// <summary>The letter under the cursor, if any.</summary>
    public LetterItem? Selected => Visible.Count == 0 ? null : Visible[Math.Clamp(Cursor, 0, Visible.Count - 1)];

    public int Unread => Derive().Unread;

    /// <summary>
    /// The ids the connected machine listed when last asked (after a push): a letter it listed then and not now was
    /// deleted; one it never listed may only not have reached it yet (a receive gathers every machine's letters).
    /// </summary>
    public ImmutableHashSet<string> Here { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    public LetterItem? Find(string id) => Letters.Find(l => l.Id == id);

    /// <summary>
    /// A full receive: the list becomes <paramref name="fresh"/>, merged with what was known of each letter, and the
    /// cursor stays on the same letter if it is still there.
    /// </summary>
    public Mailbox Replace(IEnumerable<LetterItem> fresh)
    {
        var selected = Selected?.Id;
        var letters = fresh.Where(l => !Gone.Contains(l.Id))
            .Select(l => Find(l.Id) is { } known ? known.Refreshed(l) : l)
            .ToImmutableList()
            .Sort(Order);
        return (this with { Letters = letters }).Reselect(selected);
    }

    /// <summary>
    /// The connected machine's list, fetched after it said the inbox changed: new letters come in, flags change, and
    /// letters it listed before and not now leave (deleted elsewhere); letters it never listed stay. Returns the new ones.
    /// </summary>
    public (Mailbox Mailbox, IReadOnlyList<LetterItem> Added) Sync(IReadOnlyList<LetterItem> here)
    {
        var ids = here.Select(l => l.Id).ToImmutableHashSet(StringComparer.Ordinal);
        var byId = here.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var added = here.Where(l => !Gone.Contains(l.Id) && Find(l.Id) is null).ToList();
        var selected = Selected?.Id;
        var letters = Letters
            .Where(l => ids.Contains(l.Id) || !Here.Contains(l.Id))
            .Select(l => byId.TryGetValue(l.Id, out var fresh) ? l.Refreshed(fresh) : l)
            .Concat(added)
            .ToImmutableList()
            .Sort(Order);
        return ((this with { Letters = letters, Here = ids }).Reselect(selected), added);
    }

    /// <summary>Adds the letters not yet in the list (a poll's finds); returns them too.</summary>
    public (Mailbox Mailbox, IReadOnlyList<LetterItem> Added) Merge(IEnumerable<LetterItem> found)
    {
        var added = found.Where(l => !Gone.Contains(l.Id) && Find(l.Id) is null).ToList();
        if (added.Count == 0)
        {
            return (this, added);
        }

        var selected = Selected?.Id;
        var letters = Letters.AddRange(added).Sort(Order);
        return ((this with { Letters = letters }).Reselect(selected), added);
    }

    /// <summary>The other order (<c>o</c>): the cursor stays on the same letter.</summary>
    public Mailbox Reversed()
    {
        var selected = Selected?.Id;
        var flipped = this with { NewestFirst = !NewestFirst };
        return (flipped with { Letters = Letters.Sort(flipped.Order) }).Reselect(selected);
    }

    public Mailbox Update(string id, Func<LetterItem, LetterItem> change)
    {
        var index = Letters.FindIndex(l => l.Id == id);
        return index < 0 ? this : this with { Letters = Letters.SetItem(index, change(Letters[index])) };
    }

    /// <summary>A delete acknowledged: the letter leaves the list for good; the cursor stays at the same row.</summary>
    public Mailbox Remove(string id)
    {
        var letters = Letters.RemoveAll(l => l.Id == id);
        var next = this with { Letters = letters, Gone = Gone.Add(id) };
        return next.Clamped();
    }

    public Mailbox MoveBy(int delta) => MoveTo(Cursor + delta);

    public Mailbox MoveTo(int index) => (this with { Cursor = index }).Clamped();

    /// <summary>Moves to <paramref name="id"/> if it is visible; otherwise leaves the cursor alone.</summary>
    public Mailbox MoveToId(string id)
    {
        var index = IndexOf(id);
        return index < 0 ? this : this with { Cursor = index };
    }

    /// <summary>The first unread letter in the list's order, else the newest: where a reader wants to start.</summary>
    public Mailbox MoveToStart()
    {
        var visible = Visible;
        var unread = visible.Select((l, i) => (l, i)).FirstOrDefault(x => !x.l.Read);
        return MoveTo(unread.l is not null ? unread.i : NewestFirst ? 0 : visible.Count - 1);
    }

    /// <summary>Filters the list (null or empty: no filter), keeping the cursor on the same letter when it still shows.</summary>
    public Mailbox WithFilter(string? filter)
    {
        var selected = Selected?.Id;
        var next = this with { Filter = string.IsNullOrEmpty(filter) ? null : filter, Cursor = 0 };
        return next.Reselect(selected);
    }

    public int IndexOf(string id)
    {
        var visible = Visible;
        for (var i = 0; i < visible.Count; i++)
        {
            if (visible[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private Mailbox Reselect(string? id) => id is not null && IndexOf(id) is var i and >= 0 ? this with { Cursor = i } : Clamped();

    private Mailbox Clamped()
    {
        var max = Math.Max(0, Visible.Count - 1);
        return Cursor >= 0 && Cursor <= max ? this : this with { Cursor = Math.Clamp(Cursor, 0, max) };
    }

    // Newest or oldest first by the time the Master accepted it; the id breaks ties so the order never wobbles.
    private int Order(LetterItem a, LetterItem b)
    {
        var byTime = a.SentAt.CompareTo(b.SentAt);
        var order = byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
        return NewestFirst ? -order : order;
    }

    private Derived Derive()
    {
        if (_derived is { } known && ReferenceEquals(known.Letters, Letters) && known.Filter == Filter)
        {
            return known;
        }

        var made = new Derived(Letters, Filter, Filter is null ? Letters : Letters.Where(Matches).ToList(), Letters.Count(l => !l.Read));
        _derived = made;
        return made;
    }

    // A cache, not part of the mailbox's value: any two are equal, so the record's equality ignores it.
    private sealed class Derived(ImmutableList<LetterItem> letters, string? filter, IReadOnlyList<LetterItem> visible, int unread)
    {
        public ImmutableList<LetterItem> Letters => letters;

        public string? Filter => filter;

        public IReadOnlyList<LetterItem> Visible => visible;

        public int Unread => unread;

        public override bool Equals(object? obj) => obj is Derived;

        public override int GetHashCode() => 0;
    }

    private bool Matches(LetterItem letter)
        => letter.From.Contains(Filter!, StringComparison.OrdinalIgnoreCase)
           || letter.Subject.Contains(Filter!, StringComparison.OrdinalIgnoreCase);
}

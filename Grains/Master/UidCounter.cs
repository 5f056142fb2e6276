using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>
/// Numbers each new letter for each recipient, once, where the Master orders it (IMAP's UIDs, RFC 3501 2.3.1.1): the
/// UIDs travel in the letter's header to the Master directory, the Lieutenant's record and every machine's order, so
/// every machine shows the same UID, and they ascend per user in the Master's order, which every machine delivers in.
/// </summary>
/// <remarks>
/// The counter is this Master's memory, made afresh at every mastership. A user's next UID is first worked out as one
/// more than the highest UID that could exist anywhere: the highest ever delivered on the Master's own machine
/// (<c>users.uid_next</c>, which deletes never lower) and the highest in any letter still in mid-delivery (the
/// delivery queue and the DoYouHaveIt list, which after a takeover are the Lieutenant's records). A letter leaves the
/// queue only once every machine, the Master's own included, finished it, so the two together cover every UID any
/// Master ever gave out.
/// </remarks>
/// <param name="master">The Master's machine and store.</param>
/// <param name="deliveries">The letters in mid-delivery.</param>
/// <param name="doYouHaveIt">Letters whose body no live machine has.</param>
internal sealed class UidCounter(MasterContext master, DeliveryQueue deliveries, DoYouHaveIt doYouHaveIt)
{
    private readonly Dictionary<string, long> _next = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="letters"/>, in order, each with its recipients' UIDs in its header. Called by one batch at a
    /// time (the intake's group commit), so the UIDs ascend in the order the letters are put on the delivery queue.
    /// </summary>
    public async Task<IReadOnlyList<Letter>> NumberAsync(IReadOnlyList<Letter> letters)
    {
        var unknown = letters.SelectMany(l => l.Header.To).Where(u => !_next.ContainsKey(u)).ToHashSet(StringComparer.Ordinal);
        if (unknown.Count > 0)
        {
            await StartAsync(unknown);
        }

        var numbered = new List<Letter>(letters.Count);
        foreach (var letter in letters)
        {
            var mine = new Dictionary<string, long>(StringComparer.Ordinal);
            var uids = letter.Header.To.Select(user => mine.TryGetValue(user, out var uid) ? uid : mine[user] = Take(user)).ToList();
            numbered.Add(letter with { Header = letter.Header with { Uids = uids } });
        }

        return numbered;
    }

    private long Take(string user)
    {
        var uid = _next[user];
        _next[user] = uid + 1;
        return uid;
    }

    private async Task StartAsync(HashSet<string> users)
    {
        // The letters in mid-delivery first, then the store: a letter that leaves the queue while the store is read
        // (finished everywhere) was delivered on this machine before it left, so the read that follows sees it.
        var next = users.ToDictionary(u => u, _ => 1L, StringComparer.Ordinal);
        var pending = deliveries.Letters.Select(l => l.Letter.Header).Concat(doYouHaveIt.Letters.Select(d => d.Header));
        foreach (var header in pending)
        {
            for (var i = 0; header.Uids is { } uids && i < header.To.Count && i < uids.Count; i++)
            {
                if (next.TryGetValue(header.To[i], out var n) && uids[i] >= n)
                {
                    next[header.To[i]] = uids[i] + 1;
                }
            }
        }

        var stored = await master.Store.Inboxes.GetUidNextsAsync(users);
        foreach (var (user, n) in stored)
        {
            next[user] = Math.Max(next[user], n);
        }

        // Another batch cannot have started these users meanwhile (batches take turns), but keep the higher if so.
        foreach (var (user, n) in next)
        {
            _next[user] = Math.Max(n, _next.GetValueOrDefault(user));
        }
    }
}

namespace Maildriver.Grains.Protocol;

/// <summary>
/// What every machine knows about a letter besides its body. The id starts with the origin machine, as the
/// paper's file names do (<c>MD1.1763701234567890</c>), so a new Master knows where to look for a lost body.
/// </summary>
/// <param name="Id">The letter id, <c>&lt;origin machine&gt;.&lt;microseconds&gt;</c>.</param>
/// <param name="From">The sending user.</param>
/// <param name="To">The recipients, mailing lists already expanded at the origin machine.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="SentAt">When the origin machine accepted it.</param>
/// <param name="SubmissionKey"><c>&lt;sender&gt;/&lt;client submission id&gt;</c>: the same key is the same letter, whichever gateway it came through.</param>
/// <param name="Size">The size of the letter's RFC 5322 message in bytes.</param>
/// <param name="Uids">
/// Each recipient's UID for this letter, in the order of <paramref name="To"/>: assigned once by the Master when it
/// orders the letter (<c>Grains/Master/UidCounter.cs</c>), the same on every machine. Null until then (the origin's
/// bogus protoletter).
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.LetterHeader")]
public sealed record LetterHeader([property: Id(0)] string Id, [property: Id(1)] string From, [property: Id(2)] IReadOnlyList<string> To, [property: Id(3)] string Subject, [property: Id(4)] DateTimeOffset SentAt, [property: Id(5)] string SubmissionKey, [property: Id(6)] long Size, [property: Id(7)] IReadOnlyList<long>? Uids = null)
{
    /// <summary>The machine that first accepted the letter, taken from its id.</summary>
    public string Origin => Id[..Id.IndexOf('.')];

    /// <summary>
    /// Each recipient once, in the order of <see cref="To"/>, with its UID (the one at its first place in
    /// <see cref="To"/>), or 0 when none is assigned. One pass: a search of the recipients for each of them compared
    /// names 50 million times for a letter to 10,000 users, most of its delivery.
    /// </summary>
    public IReadOnlyList<(string User, long Uid)> RecipientUids()
    {
        var seen = new HashSet<string>(To.Count, StringComparer.Ordinal);
        var pairs = new List<(string User, long Uid)>(To.Count);
        for (var i = 0; i < To.Count; i++)
        {
            if (seen.Add(To[i]))
            {
                pairs.Add((To[i], Uids is not null && i < Uids.Count ? Uids[i] : 0));
            }
        }

        return pairs;
    }
}

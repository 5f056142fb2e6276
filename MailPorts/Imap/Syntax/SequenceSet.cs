using System.Globalization;

namespace Maildriver.MailPorts.Imap.Syntax;

/// <summary>
/// A sequence set (RFC 3501 section 9, <c>sequence-set</c>): ranges of message sequence numbers or UIDs such as
/// <c>1:*</c> or <c>2,4:6</c>. <c>*</c> stands for the largest number in use, so a set is resolved against it.
/// </summary>
public sealed class SequenceSet
{
    /// <summary>What <c>*</c> is stored as until the set is resolved.</summary>
    public const long Star = long.MaxValue;

    private readonly IReadOnlyList<(long First, long Last)> _ranges;

    private SequenceSet(IReadOnlyList<(long First, long Last)> ranges) => _ranges = ranges;

    /// <summary>
    /// Parses <paramref name="text"/>; a zero, a number beyond 32 bits (RFC 3501's <c>nz-number</c>), an empty
    /// element or anything but digits, <c>:</c>, <c>,</c> and <c>*</c> is a syntax error.
    /// </summary>
    public static SequenceSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<(long, long)>();
        foreach (var element in text.Split(','))
        {
            var bounds = element.Split(':');
            if (bounds.Length > 2)
            {
                throw new ImapSyntaxException($"bad sequence set '{text}'");
            }

            var first = Number(bounds[0], text);
            var last = bounds.Length == 2 ? Number(bounds[1], text) : first;

            // RFC 3501 section 9: "2:4" and "4:2" are the same range.
            ranges.Add(first <= last ? (first, last) : (last, first));
        }

        return new SequenceSet(ranges);
    }

    /// <summary>The largest number the set names outright (not through <c>*</c>); 0 when it names only <c>*</c>.</summary>
    public long HighestNumber => _ranges.SelectMany(r => new[] { r.First, r.Last }).Where(n => n != Star).DefaultIfEmpty(0).Max();

    /// <summary>Whether <paramref name="number"/> is in the set when the largest number in use is <paramref name="largest"/>.</summary>
    public bool Contains(long number, long largest)
    {
        foreach (var (first, last) in _ranges)
        {
            var (from, to) = (Resolve(first, largest), Resolve(last, largest));
            if (from > to)
            {
                (from, to) = (to, from);
            }

            if (number >= from && number <= to)
            {
                return true;
            }
        }

        return false;
    }

    private static long Resolve(long bound, long largest) => bound == Star ? largest : bound;

    private static long Number(string text, string set)
    {
        if (text == "*")
        {
            return Star;
        }

        if (text.Length is 0 or > 10 || text[0] == '0' || !text.All(char.IsAsciiDigit)
            || !uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ImapSyntaxException($"bad sequence set '{set}'");
        }

        return value;
    }
}

namespace Maildriver.Grains.Storage;

/// <summary>
/// Binds a set of keys as IN lists (or multi-row VALUES) of one fixed size, <c>@k0</c> … <c>@k99</c>. The last
/// chunk is padded by repeating a key, which changes nothing in an IN list or an insert that ignores conflicts,
/// so every chunk runs the same prepared statement and no statement ever exceeds a driver's parameter limit.
/// </summary>
internal static class KeyChunks
{
    /// <summary>Keys per statement.</summary>
    public const int Size = 100;

    /// <summary><c>@k0, @k1, …</c>, for <c>IN (…)</c>.</summary>
    public static readonly string InList = string.Join(", ", Enumerable.Range(0, Size).Select(i => $"@k{i}"));

    /// <summary>The keys' parameters chunk by chunk, each preceded by <paramref name="leading"/>; duplicates are dropped.</summary>
    public static IEnumerable<(string Name, object Value)[]> Of(IEnumerable<string> keys, params (string Name, object Value)[] leading)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        for (var start = 0; start < distinct.Count; start += Size)
        {
            var parameters = new (string Name, object Value)[leading.Length + Size];
            leading.CopyTo(parameters, 0);
            for (var i = 0; i < Size; i++)
            {
                parameters[leading.Length + i] = ($"@k{i}", distinct[Math.Min(start + i, distinct.Count - 1)]);
            }

            yield return parameters;
        }
    }

    /// <summary><c>(@first, @k0), (@first, @k1), …</c>, for a multi-row <c>VALUES</c> pairing one value with every key.</summary>
    public static string ValuesWith(string first) => string.Join(", ", Enumerable.Range(0, Size).Select(i => $"({first}, @k{i})"));

    /// <summary>
    /// Key and number pairs chunk by chunk (<c>@k0</c>, <c>@u0</c>, …), each preceded by <paramref name="leading"/>; the
    /// last chunk is padded by repeating its last pair, so the insert must ignore conflicts.
    /// </summary>
    public static IEnumerable<(string Name, object Value)[]> OfPairs(IReadOnlyList<(string Key, long Number)> pairs, params (string Name, object Value)[] leading)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        for (var start = 0; start < pairs.Count; start += Size)
        {
            var parameters = new (string Name, object Value)[leading.Length + (2 * Size)];
            leading.CopyTo(parameters, 0);
            for (var i = 0; i < Size; i++)
            {
                var (key, number) = pairs[Math.Min(start + i, pairs.Count - 1)];
                parameters[leading.Length + (2 * i)] = ($"@k{i}", key);
                parameters[leading.Length + (2 * i) + 1] = ($"@u{i}", number);
            }

            yield return parameters;
        }
    }

    /// <summary><c>(@first, @k0, @u0), (@first, @k1, @u1), …</c>, for the pairs of <see cref="OfPairs"/>.</summary>
    public static string PairValuesWith(string first) => string.Join(", ", Enumerable.Range(0, Size).Select(i => $"({first}, @k{i}, @u{i})"));
}

namespace Maildriver.Grains.Storage;

/// <summary>
/// Binds a set of keys as IN lists (or multi-row VALUES) of a few fixed sizes (<see cref="Sizes"/>), <c>@k0</c> …
/// <c>@k63</c>: each chunk is the smallest size that holds what is left if that at most doubles it, else the largest
/// size it fills; a chunk is padded by repeating a key, which changes nothing in an IN list or an insert that ignores
/// conflicts. So a statement is prepared once per size and none exceeds a driver's parameter limit. Small sizes
/// matter because SQLite finds each named parameter by walking the statement's list of names: binding n of them costs
/// n² name comparisons, and a one-recipient letter padded to a hundred pairs spent a tenth of the silos' processor in
/// <c>strncmp</c> (measured with perf).
/// </summary>
internal static class KeyChunks
{
    /// <summary>The chunk sizes, ascending; the largest is the most keys a statement takes.</summary>
    public static readonly int[] Sizes = [1, 4, 16, 64];

    /// <summary>The most keys a statement takes.</summary>
    public static int Size => Sizes[^1];

    /// <summary><c>@k0, @k1, …</c> of <paramref name="size"/> keys, for <c>IN (…)</c>.</summary>
    public static string InList(int size) => string.Join(", ", Enumerable.Range(0, size).Select(i => $"@k{i}"));

    /// <summary>The keys' parameters chunk by chunk, each preceded by <paramref name="leading"/>; duplicates are dropped.</summary>
    public static IEnumerable<KeyChunk> Of(IEnumerable<string> keys, params (string Name, object Value)[] leading)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        for (var start = 0; start < distinct.Count;)
        {
            var size = SizeFor(distinct.Count - start);
            var parameters = new (string Name, object Value)[leading.Length + size];
            leading.CopyTo(parameters, 0);
            for (var i = 0; i < size; i++)
            {
                parameters[leading.Length + i] = ($"@k{i}", distinct[Math.Min(start + i, distinct.Count - 1)]);
            }

            yield return new KeyChunk(size, parameters);
            start += size;
        }
    }

    /// <summary><c>(@first, @k0), (@first, @k1), …</c> of <paramref name="size"/> rows, for a multi-row <c>VALUES</c> pairing one value with every key.</summary>
    public static string ValuesWith(string first, int size) => string.Join(", ", Enumerable.Range(0, size).Select(i => $"({first}, @k{i})"));

    /// <summary>
    /// Key and number pairs chunk by chunk (<c>@k0</c>, <c>@u0</c>, …), each preceded by <paramref name="leading"/>; the
    /// last chunk is padded by repeating its last pair, so the insert must ignore conflicts.
    /// </summary>
    public static IEnumerable<KeyChunk> OfPairs(IReadOnlyList<(string Key, long Number)> pairs, params (string Name, object Value)[] leading)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        for (var start = 0; start < pairs.Count;)
        {
            var size = SizeFor(pairs.Count - start);
            var parameters = new (string Name, object Value)[leading.Length + (2 * size)];
            leading.CopyTo(parameters, 0);
            for (var i = 0; i < size; i++)
            {
                var (key, number) = pairs[Math.Min(start + i, pairs.Count - 1)];
                parameters[leading.Length + (2 * i)] = ($"@k{i}", key);
                parameters[leading.Length + (2 * i) + 1] = ($"@u{i}", number);
            }

            yield return new KeyChunk(size, parameters);
            start += size;
        }
    }

    /// <summary><c>(@first, @k0, @u0), (@first, @k1, @u1), …</c> of <paramref name="size"/> rows, for the pairs of <see cref="OfPairs"/>.</summary>
    public static string PairValuesWith(string first, int size) => string.Join(", ", Enumerable.Range(0, size).Select(i => $"({first}, @k{i}, @u{i})"));

    // The smallest size that holds `left` keys when that at most doubles them, else the largest that they fill.
    private static int SizeFor(int left)
        => Array.Find(Sizes, s => s >= left) is var up and > 0 && up <= 2 * left ? up : Array.FindLast(Sizes, s => s <= left);
}

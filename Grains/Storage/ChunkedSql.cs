namespace Maildriver.Grains.Storage;

/// <summary>A statement over a <see cref="KeyChunk"/>: its text for each of <see cref="KeyChunks.Sizes"/>, made once.</summary>
/// <param name="text">The statement's text for a chunk of the given size.</param>
internal sealed class ChunkedSql(Func<int, string> text)
{
    private readonly string[] _texts = Array.ConvertAll(KeyChunks.Sizes, s => text(s));

    /// <summary>The text for a chunk of <paramref name="size"/> keys.</summary>
    public string For(int size) => _texts[Array.IndexOf(KeyChunks.Sizes, size) is var i and >= 0 ? i : throw new ArgumentOutOfRangeException(nameof(size), size, "no chunk size")];
}

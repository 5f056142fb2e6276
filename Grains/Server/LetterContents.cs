using Maildriver.Grains.Mime;
using Microsoft.Extensions.Caching.Memory;

namespace Maildriver.Grains.Server;

/// <summary>
/// What each letter shows, its text and its list of attachments, kept by letter id on this machine (one per silo).
/// </summary>
/// <remarks>
/// "Receive mail" answers with the whole inbox every time, and reading a letter's text and attachments out of its
/// MIME message takes MimeKit 20-30 µs for a small letter on a 2-core machine: a 100-letter inbox spent 2-3 ms of every
/// receive parsing the same letters again, half of the call. A letter never changes once it is sent (its id names
/// one message on every machine, for good), so what was read from it once stays true; the cache holds at most
/// <see cref="CapacityBytes"/> of text and names and forgets the least recently used letters first when it is full.
/// </remarks>
public sealed class LetterContents : IDisposable
{
    /// <summary>
    /// The most the cache holds, counted as the UTF-16 bytes of the texts and attachment names (8 MiB: the text of
    /// about 10,000 small letters, a hundred full 100-letter inboxes).
    /// </summary>
    public const long CapacityBytes = 8 * 1024 * 1024;

    // What an entry costs beside its strings: the entry, the tuple and the list, roughly.
    private const long EntryOverheadBytes = 160;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = CapacityBytes,
        // When full, drop a quarter of it at once (the least recently used): compacting runs off the caller's thread,
        // and a tenth at a time would run it again after a few letters.
        CompactionPercentage = 0.25,
    });

    /// <summary>
    /// The text and attachments of letter <paramref name="letterId"/>, whose stored message is
    /// <paramref name="message"/>: read with <see cref="LetterContent"/> the first time, then from the cache.
    /// </summary>
    public (string Text, IReadOnlyList<LetterAttachment> Attachments) Of(string letterId, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(letterId);
        ArgumentNullException.ThrowIfNull(message);
        if (_cache.TryGetValue(letterId, out (string Text, IReadOnlyList<LetterAttachment> Attachments) kept))
        {
            return kept;
        }

        var parsed = LetterMessages.Parse(message);
        var read = (LetterContent.TextOf(parsed), LetterContent.AttachmentsOf(parsed));
        // A letter larger than the whole cache is simply not kept (MemoryCache refuses it).
        _cache.Set(letterId, read, new MemoryCacheEntryOptions { Size = SizeOf(read) });
        return read;
    }

    /// <summary>How many letters are kept now (for tests).</summary>
    internal int Count => _cache.Count;

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();

    private static long SizeOf((string Text, IReadOnlyList<LetterAttachment> Attachments) content)
    {
        var size = EntryOverheadBytes + 2L * content.Text.Length;
        foreach (var attachment in content.Attachments)
        {
            size += EntryOverheadBytes + 2L * (attachment.Name.Length + attachment.Type.Length);
        }

        return size;
    }
}

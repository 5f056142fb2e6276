using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Maildriver.Grains.Storage;

/// <summary>
/// SHA-256 over a sequence of sections of records, encoded so that no two different sequences feed the hash the
/// same bytes: every string is length-prefixed, and each record and section end is marked.
/// </summary>
internal sealed class DigestBuilder : IDisposable
{
    private const byte RecordMark = (byte)'R';
    private const byte SectionEndMark = (byte)'E';

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Starts a section; its name keeps an empty section from looking like an absent one.</summary>
    public void BeginSection(string name) => Add(name);

    /// <summary>Starts a record of the current section.</summary>
    public void BeginRecord() => _hash.AppendData([RecordMark]);

    /// <summary>Ends the current section.</summary>
    public void EndSection() => _hash.AppendData([SectionEndMark]);

    /// <summary>Adds a string, as its UTF-8 length and bytes.</summary>
    public void Add(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Add(bytes.LongLength);
        _hash.AppendData(bytes);
    }

    /// <summary>Adds an integer, as eight big-endian bytes.</summary>
    public void Add(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        _hash.AppendData(bytes);
    }

    /// <summary>Adds a list of strings, as its count and each item.</summary>
    public void Add(IReadOnlyList<string> values)
    {
        Add(values.Count);
        foreach (var value in values)
        {
            Add(value);
        }
    }

    /// <summary>Adds the SHA-256 of <paramref name="bytes"/>: a letter's message stands in the digest by its own hash.</summary>
    public void AddHashOf(byte[] bytes) => _hash.AppendData(SHA256.HashData(bytes));

    /// <summary>The digest of everything added, as lower-case hex.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();
}

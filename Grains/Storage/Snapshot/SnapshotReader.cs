using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Maildriver.Grains.Storage;

/// <summary>
/// Reads a snapshot file line by line: the header first, checked before anything else happens, then the rows, then
/// the end record, whose counts must match the rows read. Anything else — a damaged gzip stream, a line that is
/// not a row, a missing end record, data after it — is an <see cref="InvalidDataException"/> naming the line.
/// </summary>
internal sealed class SnapshotReader : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly StreamReader _lines;
    private readonly SnapshotCounts _counts = new();
    private long _lineNumber;
    private bool _ended;

    private SnapshotReader(Stream source)
        // Invalid UTF-8 throws rather than turning into replacement characters in somebody's letter.
        => _lines = new StreamReader(
            new GZipStream(source, CompressionMode.Decompress, leaveOpen: true), new UTF8Encoding(false, throwOnInvalidBytes: true), false, BufferSize);

    /// <summary>The header, checked.</summary>
    public SnapshotHeader Header { get; private set; } = null!;

    /// <summary>What has been read so far; the whole snapshot once <see cref="ReadAsync"/> returned null.</summary>
    public MailSnapshotInfo Info => _counts.ToInfo(Header);

    /// <summary>Opens <paramref name="source"/> (left open) and reads and checks its header.</summary>
    /// <exception cref="InvalidDataException">Not a snapshot, or one this build cannot read.</exception>
    public static async Task<SnapshotReader> OpenAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = new SnapshotReader(source);
        try
        {
            reader.Header = await reader.ReadHeaderAsync(cancellationToken);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The next row, or null after the end record (checked against the rows read, and last in the file).</summary>
    public async Task<SnapshotRow?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return null;
        }

        var line = await NextLineAsync(cancellationToken)
            ?? throw new InvalidDataException($"The snapshot is truncated: it ends after line {_lineNumber} without its end record.");
        var row = Parse<SnapshotRow>(line, "a snapshot row");
        if (row is EndRow end)
        {
            var read = _counts.ToEnd();
            if (end != read)
            {
                throw Damaged($"its end record counts {Describe(end)}, but the file holds {Describe(read)}");
            }

            if (await NextLineAsync(cancellationToken) is not null)
            {
                throw Damaged("there is more after the end record");
            }

            _ended = true;
            return null;
        }

        if (row.FindProblem() is { } problem)
        {
            throw Damaged(problem);
        }

        _counts.Add(row);
        return row;
    }

    /// <inheritdoc/>
    public void Dispose() => _lines.Dispose();

    private async Task<SnapshotHeader> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var line = await NextLineAsync(cancellationToken) ?? throw new InvalidDataException("The snapshot is empty.");
        var header = Parse<SnapshotHeader>(line, "a snapshot header");
        if (header.Format != SnapshotFormat.Name)
        {
            throw new InvalidDataException($"Not a Maildriver snapshot: its header names the format '{header.Format}', not '{SnapshotFormat.Name}'.");
        }

        if (header.Version > SnapshotFormat.Version)
        {
            throw new InvalidDataException(
                $"The snapshot was written by a newer Maildriver (snapshot format {header.Version}; this build reads up to {SnapshotFormat.Version}).");
        }

        if (header.Version < 1)
        {
            throw new InvalidDataException($"The snapshot's header has format version {header.Version}; versions start at 1.");
        }

        if (header.MailSchema > SnapshotFormat.LatestMailSchema)
        {
            throw new InvalidDataException(
                $"The snapshot was taken from a newer mail schema (version {header.MailSchema}; this build knows up to {SnapshotFormat.LatestMailSchema}).");
        }

        if (string.IsNullOrWhiteSpace(header.Machine))
        {
            throw new InvalidDataException("The snapshot's header names no machine.");
        }

        return header;
    }

    private async Task<string?> NextLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            var line = await _lines.ReadLineAsync(cancellationToken);
            if (line is not null)
            {
                _lineNumber++;
            }

            return line;
        }
        // The reader decodes ahead of the line it returns, so these name the last good line, not the damaged one.
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"The snapshot cannot be decompressed after line {_lineNumber}: it is not a gzip-compressed Maildriver snapshot, or it is damaged ({e.Message})",
                e);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"The snapshot is damaged after line {_lineNumber}: it holds bytes that are not UTF-8 text ({e.Message})", e);
        }
    }

    // A line with a missing or null field, an unknown "t" or no "t" at all is as damaged as one that is not JSON.
    private T Parse<T>(string line, string expected)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, SnapshotFormat.Json) ?? throw Damaged($"it is not {expected} (JSON null)");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw Damaged($"it is not {expected} ({e.Message})", e);
        }
    }

    private InvalidDataException Damaged(string problem, Exception? inner = null)
        => new($"The snapshot is damaged at line {_lineNumber}: {problem}.", inner);

    private static string Describe(EndRow c)
        => $"{c.Users} users, {c.Lists} lists, {c.Letters} letters, {c.Inbox} inbox rows, {c.Tombstones} tombstones, "
            + $"{c.EarlyReads} early reads and {c.Protoletters} protoletters";
}

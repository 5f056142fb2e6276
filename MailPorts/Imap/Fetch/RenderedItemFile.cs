using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// The machine's rendered FETCH items on its disk, <c>&lt;dataDir&gt;/imap-cache.db</c>: the second tier of
/// <see cref="RenderedItemCache"/>, which outlives a restart, as Dovecot's <c>dovecot.index.cache</c> does. A client
/// fetching the envelopes of a thousand letters from a machine that has just restarted reads them from here instead of
/// reading every letter's header and rendering it again. Letters never change and their ids are never reused, so an
/// entry is never stale, whatever happened to the mail store meanwhile (a restore, a rebuild); the file is bounded
/// (<c>mailPorts.imapDiskCacheBytes</c>), the oldest entries going first. It is only a cache: writes are queued and
/// written in batches without waiting for the disk, a full queue drops entries, and a file that cannot be read is
/// replaced by an empty one; any failure is a miss, never a failed FETCH.
/// </summary>
internal sealed partial class RenderedItemFile : IAsyncDisposable
{
    /// <summary>The file's name in the machine's data directory.</summary>
    public const string FileName = "imap-cache.db";

    // What an entry costs beside its octets: its row and its key in the unique index, about.
    private const long EntryOverhead = 48;

    // The ids go in as one JSON array: SQLite finds a named parameter by walking the statement's list of names, so
    // binding a few hundred of them took longer than the read itself.
    private const string Select = "SELECT letter_id, item, octets FROM rendered WHERE letter_id IN (SELECT value FROM json_each(@ids))";

    // Entries waiting to be written; beyond this a burst of renderings is only kept in memory.
    private const int QueueLimit = 20_000;

    // An entry's cost as SQLite counts it: characters of the text columns, octets of the blob, and the overhead.
    private static readonly string Cost = $"length(octets) + length(letter_id) + length(item) + {EntryOverhead}";

    private static readonly string Total = $"SELECT coalesce(sum({Cost}), 0) FROM rendered";

    private const string Schema =
        """
        CREATE TABLE IF NOT EXISTS rendered (
            seq       INTEGER PRIMARY KEY,
            letter_id TEXT    NOT NULL,
            item      TEXT    NOT NULL,
            octets    BLOB    NOT NULL,
            UNIQUE (letter_id, item)
        );
        """;

    private readonly string _connectionString;
    private readonly long _capacity;
    private readonly ILogger _logger;
    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(QueueLimit) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Task _writer;
    private long _bytes;

    private RenderedItemFile(string path, long capacityBytes, long bytes, ILogger logger)
    {
        _connectionString = ConnectionString(path);
        _capacity = capacityBytes;
        _bytes = bytes;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>The octets the entries hold now, with their overhead, as this process counts them.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// Opens (or creates) the file in <paramref name="directory"/>, bounded by <paramref name="capacityBytes"/>; a file
    /// that cannot be opened or read is deleted and made anew. Null when even a new one cannot be made: the machine
    /// then keeps rendered items in memory only.
    /// </summary>
    public static RenderedItemFile? Open(string directory, long capacityBytes, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        ArgumentNullException.ThrowIfNull(logger);
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new RenderedItemFile(path, capacityBytes, Prepare(path), logger);
            }
            catch (SqliteException ex) when (attempt == 0)
            {
                Replaced(logger, path, ex);
                Delete(path);
            }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
            {
                Unusable(logger, path, ex);
                return null;
            }
        }
    }

    /// <summary>
    /// Every stored item of <paramref name="letterIds"/>, keyed by letter id and item name; empty when the file
    /// cannot be read (the items are then rendered again).
    /// </summary>
    public async Task<IReadOnlyDictionary<(string LetterId, string Item), byte[]>> GetAsync(IReadOnlyCollection<string> letterIds)
    {
        ArgumentNullException.ThrowIfNull(letterIds);
        var found = new Dictionary<(string, string), byte[]>();
        if (letterIds.Count == 0)
        {
            return found;
        }

        try
        {
            await using var connection = await OpenConnectionAsync().ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Select;
            command.Parameters.AddWithValue("@ids", JsonArray(letterIds));
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                found[(reader.GetString(0), reader.GetString(1))] = reader.GetFieldValue<byte[]>(2);
            }
        }
        catch (SqliteException ex)
        {
            ReadFailed(_logger, ex);
            found.Clear();
        }

        return found;
    }

    /// <summary>
    /// The ids of the <paramref name="count"/> letters whose envelopes were written last, newest first; empty when the
    /// file cannot be read.
    /// </summary>
    public async Task<IReadOnlyList<string>> NewestEnvelopesAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var ids = new List<string>(count);
        try
        {
            await using var connection = await OpenConnectionAsync().ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT letter_id FROM rendered WHERE item = 'ENVELOPE' ORDER BY seq DESC LIMIT @count";
            command.Parameters.AddWithValue("@count", count);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
        }
        catch (SqliteException ex)
        {
            ReadFailed(_logger, ex);
            ids.Clear();
        }

        return ids;
    }

    /// <summary>Queues <paramref name="rendered"/> to be written; dropped when the queue is full or the file is closing.</summary>
    public void Add(string letterId, string item, byte[] rendered)
    {
        ArgumentNullException.ThrowIfNull(letterId);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(rendered);
        var entry = new Entry(letterId, item, rendered);
        if (entry.Cost <= _capacity)
        {
            _queue.Writer.TryWrite(entry);
        }
    }

    /// <summary>Writes what is queued and stops writing; entries added later are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in (string[])[path, path + "-wal", path + "-shm"])
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The next attempt fails as well and says so.
            }
        }
    }

    // Written with the writer rather than the serializer: no reflection on the first FETCH after a start.
    private static string JsonArray(IEnumerable<string> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ConnectionString(string path)
        => new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();

    // WAL, so reads never wait for the writer; synchronous NORMAL: a power cut may lose the last batches, never the
    // file (nothing here needs to be durable, only readable).
    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    // Creates the table and proves the file readable; the octets it holds, for the bound.
    private static long Prepare(string path)
    {
        using var connection = Connect(path);
        Execute(connection, Schema);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check; " + Total;
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.GetString(0) != "ok")
        {
            throw new SqliteException($"{path} failed its check", 11);
        }

        reader.NextResult();
        reader.Read();
        return reader.GetInt64(0);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<SqliteConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    // One writer: takes what is queued, up to a thousand entries, in one transaction; then drops the oldest entries
    // while the file is over its bound.
    private async Task WriteAsync()
    {
        var batch = new List<Entry>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 1000 && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                await using var connection = await OpenConnectionAsync().ConfigureAwait(false);
                Execute(connection, "PRAGMA synchronous = NORMAL;");
                Interlocked.Add(ref _bytes, Insert(connection, batch));
                if (Bytes > _capacity)
                {
                    Interlocked.Exchange(ref _bytes, Trim(connection, Bytes - (_capacity * 9 / 10)));
                }
            }
            catch (SqliteException ex)
            {
                WriteFailed(_logger, batch.Count, ex);
            }
        }
    }

    private static long Insert(SqliteConnection connection, List<Entry> batch)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO rendered (letter_id, item, octets) VALUES (@id, @item, @octets) ON CONFLICT (letter_id, item) DO NOTHING";
        var id = command.Parameters.Add("@id", SqliteType.Text);
        var item = command.Parameters.Add("@item", SqliteType.Text);
        var octets = command.Parameters.Add("@octets", SqliteType.Blob);
        long added = 0;
        foreach (var entry in batch)
        {
            (id.Value, item.Value, octets.Value) = (entry.LetterId, entry.Item, entry.Rendered);
            added += command.ExecuteNonQuery() * entry.Cost;
        }

        transaction.Commit();
        return added;
    }

    // The oldest rows first, until at least `excess` octets are gone (all of them when that is more than the file
    // holds); then what is left, counted afresh, so that the count kept in memory never drifts for long.
    private static long Trim(SqliteConnection connection, long excess)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            DELETE FROM rendered WHERE seq <= coalesce((
                SELECT seq FROM (SELECT seq, sum({Cost}) OVER (ORDER BY seq) AS upto FROM rendered)
                WHERE upto >= @excess ORDER BY seq LIMIT 1), (SELECT max(seq) FROM rendered));
            {Total}
            """;
        command.Parameters.AddWithValue("@excess", excess);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: the rendered-item cache {Path} could not be read and is made anew")]
    private static partial void Replaced(ILogger logger, string path, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: no rendered-item cache on disk ({Path}); rendered items are kept in memory only")]
    private static partial void Unusable(ILogger logger, string path, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: reading the rendered-item cache failed; the items are rendered again")]
    private static partial void ReadFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IMAP: {Count} rendered items could not be written to the cache on disk")]
    private static partial void WriteFailed(ILogger logger, int count, Exception error);

    private sealed record Entry(string LetterId, string Item, byte[] Rendered)
    {
        // As SQLite's length() counts them: characters of the text columns, octets of the blob.
        public long Cost { get; } = Rendered.Length + LetterId.Length + Item.Length + EntryOverhead;
    }
}

using System.Data.Common;
using Maildriver.Grains.Mime;
using Microsoft.Data.Sqlite;

namespace Maildriver.Grains.Storage;

/// <summary>
/// The whole replica as one file and back: a backup of a machine, or the copy a machine rebuilds from. The file is
/// gzip-compressed JSON lines — a header, one line per row, an end line with the counts — written and read as a
/// stream, so its size is bounded by the disk, not by memory.
/// </summary>
/// <remarks>
/// A snapshot holds the users (with password hashes), lists, delivered letters with their bodies, inbox rows with
/// read flags, tombstones, early reads, and the valid protoletters of the WorkSpace with their recipients. It leaves
/// out what belongs to this machine rather than to the cluster's mail: bogus protoletters (the Master never had
/// them), the cluster view, the Master's and the Lieutenant's records, and the store's flags.
/// </remarks>
public sealed partial class MailStore
{
    /// <summary>
    /// Writes the replica to <paramref name="destination"/> (left open) as one consistent read: a single read
    /// transaction (on SQLite a deferred one, which reads one WAL snapshot and keeps no writer waiting; on
    /// PostgreSQL REPEATABLE READ, READ ONLY), so a running machine can be backed up.
    /// </summary>
    /// <param name="destination">Where the gzip stream goes.</param>
    /// <param name="machine">The machine's name, recorded in the header.</param>
    /// <param name="cancellationToken">Cancels the export; what was written is then no snapshot any reader accepts.</param>
    /// <returns>The header's machine and time, and how many rows of each kind were written.</returns>
    public async Task<MailSnapshotInfo> ExportSnapshotAsync(Stream destination, string machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrWhiteSpace(machine);
        await using var batch = await MailBatch.SnapshotAsync(_database, cancellationToken);
        var schema = (int)MailColumns.ToInt64(await batch.ScalarAsync(SnapshotSql.MailSchemaVersion, ("@component", MailMigrations.Component)));
        var header = new SnapshotHeader(SnapshotFormat.Name, SnapshotFormat.Version, machine, _timeProvider.GetUtcNow(), schema);

        await using var writer = await SnapshotWriter.StartAsync(destination, header, cancellationToken);
        await CopyAsync(batch, writer, SnapshotSql.Users, r => new UserRow(
            r.GetString(0), r.GetString(1), MailColumns.ParseFlag(r.GetValue(2)), MailColumns.ToInt64(r.GetValue(3)), MailColumns.ToInt64(r.GetValue(4))), cancellationToken);
        await CopyAsync(batch, writer, MailSql.GetLists, r => new ListRow(r.GetString(0), MailColumns.ParseNames(r.GetString(1))), cancellationToken);
        await CopyAsync(batch, writer, SnapshotSql.Letters, ReadLetter, cancellationToken);
        await CopyAsync(batch, writer, SnapshotSql.Inbox, r => new InboxRow(
            r.GetString(0), r.GetString(1), MailColumns.ParseFlag(r.GetValue(2)), MailColumns.ToInt64(r.GetValue(3)), (int)MailColumns.ToInt64(r.GetValue(4))), cancellationToken);
        await CopyAsync(batch, writer, SnapshotSql.Tombstones, r => new TombstoneRow(r.GetString(0), r.GetString(1)), cancellationToken);
        await CopyAsync(batch, writer, SnapshotSql.EarlyReads, r => new EarlyReadRow(r.GetString(0), r.GetString(1)), cancellationToken);
        await CopyAsync(batch, writer, SnapshotSql.EarlyFlags, r => new EarlyFlagsRow(r.GetString(0), r.GetString(1), (int)MailColumns.ToInt64(r.GetValue(2))), cancellationToken);
        await CopyProtolettersAsync(batch, writer, cancellationToken);
        return await writer.FinishAsync();
    }

    /// <summary>
    /// Replaces the replica's content with the snapshot's, all or nothing, in one write transaction: the users,
    /// lists, letters, inbox rows, tombstones, early reads and WorkSpace become the snapshot's. What is this
    /// machine's own is left as it is: the cluster view, the Master's and the Lieutenant's records, the store's flags.
    /// </summary>
    /// <param name="source">The gzip stream <see cref="ExportSnapshotAsync"/> wrote (left open).</param>
    /// <param name="cancellationToken">Cancels the import; nothing is changed then.</param>
    /// <returns>The snapshot's header and counts.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not a snapshot, one from a newer build, truncated, damaged or self-contradictory; nothing was
    /// changed. The header is checked before the store is touched.
    /// </exception>
    /// <param name="domain">
    /// The mail domain a snapshot of format 1 (before letters were MIME) has its letters written with; the cluster's
    /// <c>mailPorts.mailDomain</c>, default <see cref="MailDomain.Default"/>.
    /// </param>
    public async Task<MailSnapshotInfo> ImportSnapshotAsync(Stream source, CancellationToken cancellationToken = default, MailDomain? domain = null)
    {
        using var reader = await SnapshotReader.OpenAsync(source, cancellationToken);
        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);

        // Everything is replaced: the machine's figures are counted afresh once this commits.
        batch.Change.Recount = true;
        foreach (var sql in SnapshotSql.EmptyReplacedTables)
        {
            await batch.ExecuteAsync(sql);
        }

        var inserts = new SnapshotInserts(batch, _database.Provider, domain ?? MailDomain.Default);
        try
        {
            while (await reader.ReadAsync(cancellationToken) is { } row)
            {
                await inserts.AddAsync(row);
            }

            await inserts.FlushAsync();
            await batch.ExecuteAsync(SnapshotSql.NumberValidProtoletters);
            if (reader.Header.Version < 3)
            {
                await batch.ExecuteAsync(SnapshotSql.NumberOldInbox);
                await batch.ExecuteAsync(SnapshotSql.NumberOldUidNext);
            }
        }
        catch (DbException e) when (IsConstraintViolation(e))
        {
            // Rows that break a key or check constraint can only come from a damaged or hand-edited file.
            throw new InvalidDataException($"The snapshot contradicts itself ({e.Message}); nothing was changed.", e);
        }

        await batch.CommitAsync();
        return reader.Info;
    }

    /// <summary>
    /// Reads a snapshot through to its end record without touching any store, and checks it as
    /// <see cref="ImportSnapshotAsync"/> would (except for rows that contradict each other).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a snapshot this build can import.</exception>
    public static async Task<MailSnapshotInfo> VerifySnapshotAsync(Stream source, CancellationToken cancellationToken = default)
    {
        using var reader = await SnapshotReader.OpenAsync(source, cancellationToken);
        while (await reader.ReadAsync(cancellationToken) is not null)
        {
        }

        return reader.Info;
    }

    private static LetterRow ReadLetter(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), MailColumns.ParseNames(r.GetString(2)), r.GetString(3), r.GetString(4), r.GetString(5),
        MailColumns.ToInt64(r.GetValue(6)), MailColumns.ReadMessage(r, 7));

    private static async Task CopyAsync(MailBatch batch, SnapshotWriter writer, string sql, Func<DbDataReader, SnapshotRow> read, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ReaderAsync(sql);
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.WriteAsync(read(reader));
        }
    }

    // PostgreSQL allows one open reader per connection, so the ids come first and each protoletter is then read
    // with its recipients. The ids of the WorkSpace are small, and it holds only letters still in flight.
    private static async Task CopyProtolettersAsync(MailBatch batch, SnapshotWriter writer, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using (var reader = await batch.ReaderAsync(SnapshotSql.ValidProtoletterIds))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        foreach (var id in ids)
        {
            LetterRow letter;
            await using (var reader = await batch.ReaderAsync(MailSql.FindProtoletter, ("@id", id)))
            {
                await reader.ReadAsync(cancellationToken);
                letter = ReadLetter(reader);
            }

            var recipients = new List<string>();
            var uids = new List<long>();
            await using (var reader = await batch.ReaderAsync(SnapshotSql.ProtoletterRecipients, ("@id", id)))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    recipients.Add(reader.GetString(0));
                    uids.Add(MailColumns.ToInt64(reader.GetValue(1)));
                }
            }

            await writer.WriteAsync(new ProtoletterRow(
                letter.Id, letter.From, letter.To, letter.Subject, letter.SentAt, letter.SubmissionKey, letter.Size, recipients, letter.Message, letter.Body, uids));
        }
    }

    // SQLite's SQLITE_CONSTRAINT (19, with any extended code), PostgreSQL's class 23 (integrity constraint violation).
    private static bool IsConstraintViolation(DbException e)
        => e is SqliteException { SqliteErrorCode: 19 } || e.SqlState?.StartsWith("23", StringComparison.Ordinal) == true;
}

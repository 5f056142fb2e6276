using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>
/// The Lieutenant directory (sections 7.4 and 11): the Lieutenant's copy of every request the Master started and
/// has not finished, and the Dead Machine List. Only the Lieutenant writes it; every other machine erases it when
/// it comes back up.
/// </summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
public sealed class LieutenantDirectory(ISiloDatabase database)
{
    /// <summary>Records the Lieutenant's copies of pending operations; a record with a known op id replaces the old one.</summary>
    public async Task SaveAsync(IReadOnlyList<LieutenantRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (record.OpId is null || record.Kind is null || record.Payload is null)
            {
                throw new ArgumentException($"Lieutenant record {record.OpId} lacks an op id, kind or payload.", nameof(records));
            }
        }

        if (records.Count == 0)
        {
            return;
        }

        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        foreach (var record in records)
        {
            await batch.ExecuteAsync(
                MailSql.UpsertLieutenantRecord, ("@opId", record.OpId), ("@seq", record.Seq), ("@kind", record.Kind), ("@payload", record.Payload));
        }

        await batch.CommitAsync();
    }

    /// <summary>Forgets the Lieutenant's records with these op ids; unknown ids are ignored.</summary>
    public Task DeleteAsync(IReadOnlyCollection<string> opIds, CancellationToken cancellationToken = default)
        => MailBatch.ExecuteForEachAsync(database, MailSql.DeleteLieutenantRecord, "@opId", opIds, nameof(opIds), cancellationToken);

    /// <summary>The Lieutenant's records, ordered by <see cref="LieutenantRecord.Seq"/>.</summary>
    public async Task<IReadOnlyList<LieutenantRecord>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetLieutenantRecords);
        var records = new List<LieutenantRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new LieutenantRecord(reader.GetString(0), MailColumns.ToInt64(reader.GetValue(1)), reader.GetString(2), reader.GetString(3)));
        }

        return records;
    }

    /// <summary>Erases all of the Lieutenant's records.</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        await batch.ExecuteAsync(MailSql.ClearLieutenantRecords);
        await batch.CommitAsync();
    }
}

using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Storage;

/// <summary>
/// The records only the machine holding mastership or lieutenancy keeps. They describe work in flight under that
/// rank, so the holder erases them at every restart.
/// </summary>
public sealed partial class MailStore
{
    /// <summary>Records letters the Master holds until every machine has them; saving a letter again replaces it.</summary>
    public async Task SaveMasterLettersAsync(IReadOnlyList<Letter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        foreach (var letter in letters)
        {
            MailColumns.Validate(letter, nameof(letters));
        }

        if (letters.Count == 0)
        {
            return;
        }

        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        foreach (var letter in letters)
        {
            var header = letter.Header;
            await batch.ExecuteAsync(
                MailSql.UpsertMasterLetter,
                ("@id", header.Id),
                ("@submissionKey", header.SubmissionKey),
                ("@sentAt", MailColumns.FormatTime(header.SentAt)),
                ("@header", MailColumns.FormatHeader(header)),
                ("@body", letter.Body));
        }

        await batch.CommitAsync();
    }

    /// <summary>Forgets the Master's letters with these ids; unknown ids are ignored.</summary>
    public async Task DeleteMasterLettersAsync(IReadOnlyCollection<string> letterIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letterIds);
        if (letterIds.Count == 0)
        {
            return;
        }

        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        foreach (var id in letterIds)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(letterIds));
            await batch.ExecuteAsync(MailSql.DeleteMasterLetter, ("@id", id));
        }

        await batch.CommitAsync();
    }

    /// <summary>The Master's letters, oldest first (by sent time, then id).</summary>
    public async Task<IReadOnlyList<Letter>> GetMasterLettersAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetMasterLetters);
        var letters = new List<Letter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new Letter(MailColumns.ParseHeader(reader.GetString(0)), reader.GetString(1)));
        }

        return letters;
    }

    /// <summary>Erases all of the Master's records.</summary>
    public async Task ClearMasterRecordsAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        await batch.ExecuteAsync(MailSql.ClearMasterLetters);
        await batch.CommitAsync();
    }

    /// <summary>Records the Lieutenant's copies of pending operations; a record with a known op id replaces the old one.</summary>
    public async Task SaveLieutenantRecordsAsync(IReadOnlyList<LieutenantRecord> records, CancellationToken cancellationToken = default)
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

        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        foreach (var record in records)
        {
            await batch.ExecuteAsync(
                MailSql.UpsertLieutenantRecord, ("@opId", record.OpId), ("@seq", record.Seq), ("@kind", record.Kind), ("@payload", record.Payload));
        }

        await batch.CommitAsync();
    }

    /// <summary>Forgets the Lieutenant's records with these op ids; unknown ids are ignored.</summary>
    public async Task DeleteLieutenantRecordsAsync(IReadOnlyCollection<string> opIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opIds);
        if (opIds.Count == 0)
        {
            return;
        }

        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        foreach (var opId in opIds)
        {
            ArgumentNullException.ThrowIfNull(opId, nameof(opIds));
            await batch.ExecuteAsync(MailSql.DeleteLieutenantRecord, ("@opId", opId));
        }

        await batch.CommitAsync();
    }

    /// <summary>The Lieutenant's records, ordered by <see cref="LieutenantRecord.Seq"/>.</summary>
    public async Task<IReadOnlyList<LieutenantRecord>> GetLieutenantRecordsAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetLieutenantRecords);
        var records = new List<LieutenantRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new LieutenantRecord(reader.GetString(0), MailColumns.ToInt64(reader.GetValue(1)), reader.GetString(2), reader.GetString(3)));
        }

        return records;
    }

    /// <summary>Erases all of the Lieutenant's records.</summary>
    public async Task ClearLieutenantRecordsAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        await batch.ExecuteAsync(MailSql.ClearLieutenantRecords);
        await batch.CommitAsync();
    }
}

using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>
/// The delivered letters, each stored once however many inboxes reference it (the paper's links), and the
/// tombstones a delete leaves; finding a letter also looks in the WorkSpace and the Master directory.
/// </summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
public sealed class Letters(ISiloDatabase database)
{
    /// <summary>A whole letter this machine holds: delivered, in the WorkSpace (any state), or in the Master's records.</summary>
    public async Task<Letter?> FindLetterAsync(string letterId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letterId);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        foreach (var sql in new[] { MailSql.FindLetter, MailSql.FindProtoletter })
        {
            await using var reader = await batch.ReaderAsync(sql, ("@id", letterId));
            if (await reader.ReadAsync(cancellationToken))
            {
                return new Letter(MailColumns.ReadHeader(reader), MailColumns.ReadMessage(reader, 7));
            }
        }

        await using var master = await batch.ReaderAsync(MailSql.FindMasterLetter, ("@id", letterId));
        return await master.ReadAsync(cancellationToken)
            ? new Letter(MailColumns.ParseHeader(master.GetString(0)), MailColumns.ReadMessage(master, 1))
            : null;
    }

    /// <summary>The id of the letter stored under <paramref name="submissionKey"/>: delivered, in the WorkSpace, or in the Master's records.</summary>
    public async Task<string?> FindLetterIdBySubmissionAsync(string submissionKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submissionKey);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        foreach (var sql in new[] { MailSql.LetterIdBySubmission, MailSql.ProtoletterIdBySubmission, MailSql.MasterLetterIdBySubmission })
        {
            if (await batch.ScalarAsync(sql, ("@key", submissionKey)) is string id)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The id of the delivered letter with this submission key, if this machine has one.</summary>
    public async Task<string?> FindDeliveredLetterIdBySubmissionAsync(string submissionKey, CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        return await batch.ScalarAsync(MailSql.LetterIdBySubmission, ("@key", submissionKey)) as string;
    }

    /// <summary>
    /// Which of these letters were delivered here at some time: the letter is stored, or every recipient has
    /// deleted it since (its body reclaimed, only their tombstones left). A Master asks this of a returning or
    /// rebuilt machine whose "finished" it may never have heard.
    /// </summary>
    public async Task<IReadOnlyList<string>> FilterDeliveredAsync(IReadOnlyList<LetterHeader> headers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var delivered = new List<string>();
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        foreach (var header in headers)
        {
            if (Convert.ToInt64(await batch.ScalarAsync(MailSql.HasLetter, ("@id", header.Id))) > 0)
            {
                delivered.Add(header.Id);
                continue;
            }

            var allDeleted = header.To.Count > 0;
            foreach (var user in header.To)
            {
                if (Convert.ToInt64(await batch.ScalarAsync(MailSql.HasTombstone, ("@id", header.Id), ("@user", user))) == 0)
                {
                    allDeleted = false;
                    break;
                }
            }

            if (allDeleted)
            {
                delivered.Add(header.Id);
            }
        }

        return delivered;
    }

    /// <summary>Which of <paramref name="letterIds"/> this user has already deleted here (their tombstones).</summary>
    public async Task<IReadOnlySet<string>> FilterDeletedAsync(string user, IEnumerable<string> letterIds, CancellationToken cancellationToken = default)
    {
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        foreach (var id in letterIds)
        {
            if (Convert.ToInt64(await batch.ScalarAsync(MailSql.HasTombstone, ("@id", id), ("@user", user))) > 0)
            {
                deleted.Add(id);
            }
        }

        return deleted;
    }

    // Whether the letter is delivered here (in the letters table).
    internal static async Task<bool> ExistsAsync(MailBatch batch, string letterId)
        => MailColumns.ToInt64(await batch.ScalarAsync(MailSql.LetterExists, ("@id", letterId))) > 0;

    // Deletes the letter's body if no inbox row or protoletter needs it any more, and takes it from the figures.
    internal static async Task ReclaimAsync(MailBatch batch, string letterId)
    {
        var (rows, bytes) = await batch.ExecuteSummingAsync(MailSql.ReclaimLetter, ("@id", letterId));
        batch.Change.Letters -= rows;
        batch.Change.LetterBytes -= bytes;
    }

    // The header of a protoletter known to be here.
    internal static async Task<LetterHeader> FindProtoletterHeaderAsync(MailBatch batch, string letterId)
    {
        await using var reader = await batch.ReaderAsync(MailSql.FindProtoletter, ("@id", letterId));
        return await reader.ReadAsync() ? MailColumns.ReadHeader(reader) : throw new InvalidOperationException($"Protoletter {letterId} is not here.");
    }
}

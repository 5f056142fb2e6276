using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Storage;

/// <summary>The origin machine's side of "send letter": bogus protoletters written in groups, and dropping a redundant one.</summary>
public sealed partial class MailStore
{
    /// <summary>Writes a group of new letters as bogus protoletters in one transaction (group commit).</summary>
    public async Task InsertBogusAsync(IReadOnlyList<Letter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        foreach (var letter in letters)
        {
            MailColumns.Validate(letter, nameof(letters));
        }

        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        foreach (var letter in letters)
        {
            if (!await LetterExistsAsync(batch, letter.Header.Id))
            {
                await InsertProtoletterAsync(batch, letter, ProtoletterState.Bogus);
            }
        }

        await batch.CommitAsync();
    }

    /// <summary>
    /// Removes one protoletter from the WorkSpace: the origin's copy of a submission the Master already had under
    /// another id (a client's retry through another gateway). Removing a missing one changes nothing.
    /// </summary>
    public async Task DropProtoletterAsync(string letterId, CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        await batch.ExecuteAsync(MailSql.DeleteProtoletterRecipients, ("@id", letterId));
        await batch.ExecuteAsync(MailSql.DeleteProtoletter, ("@id", letterId));
        await batch.CommitAsync();
    }

    /// <summary>The id of the delivered letter with this submission key, if this machine has one.</summary>
    public async Task<string?> FindDeliveredLetterIdBySubmissionAsync(string submissionKey, CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        return await batch.ScalarAsync(MailSql.LetterIdBySubmission, ("@key", submissionKey)) as string;
    }

    /// <summary>The protoletter in this machine's WorkSpace with this submission key, if any (an earlier attempt of the same send).</summary>
    public async Task<Letter?> FindProtoletterBySubmissionAsync(string submissionKey, CancellationToken cancellationToken = default)
    {
        string? id;
        await using (var batch = await MailBatch.ReadAsync(_database, cancellationToken))
        {
            id = await batch.ScalarAsync(MailSql.ProtoletterIdBySubmission, ("@key", submissionKey)) as string;
        }

        return id is null ? null : await FindLetterAsync(id, cancellationToken);
    }

    /// <summary>Which of <paramref name="letterIds"/> this user has already deleted here (their tombstones).</summary>
    public async Task<IReadOnlySet<string>> FilterDeletedAsync(string user, IEnumerable<string> letterIds, CancellationToken cancellationToken = default)
    {
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        foreach (var id in letterIds)
        {
            if (Convert.ToInt64(await batch.ScalarAsync(MailSql.HasTombstone, ("@id", id), ("@user", user))) > 0)
            {
                deleted.Add(id);
            }
        }

        return deleted;
    }
}

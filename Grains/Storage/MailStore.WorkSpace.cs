using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Storage;

/// <summary>The WorkSpace: protoletters waiting for delivery on this machine, and their delivery into inboxes.</summary>
public sealed partial class MailStore
{
    /// <summary>
    /// The origin machine's first write of a new letter: a bogus protoletter, dropped if the machine restarts before
    /// the Master has the letter. Writing the same letter again, even after it was delivered, changes nothing.
    /// </summary>
    public async Task InsertBogusAsync(Letter letter, CancellationToken cancellationToken = default)
    {
        MailColumns.Validate(letter, nameof(letter));
        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        if (!await LetterExistsAsync(batch, letter.Header.Id))
        {
            await InsertProtoletterAsync(batch, letter, ProtoletterState.Bogus);
        }

        await batch.CommitAsync();
    }

    /// <summary>Up to <paramref name="max"/> valid protoletters, with bodies, oldest first.</summary>
    public async Task<IReadOnlyList<Protoletter>> GetValidProtolettersAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetValidProtoletters, ("@max", max));
        var protoletters = new List<Protoletter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            protoletters.Add(new Protoletter(new Letter(MailColumns.ReadHeader(reader), reader.GetString(7)), ProtoletterState.Valid));
        }

        return protoletters;
    }

    /// <summary>
    /// Delivers valid protoletters, in one transaction: each letter's body is stored once, every recipient who is a
    /// user here and has not deleted the letter gets an unread inbox row (read, if its MarkRead came first), and
    /// the protoletter goes. A letter that ends up in no inbox here keeps no body, as if delivered and deleted.
    /// </summary>
    /// <returns>
    /// The ids now delivered, with ids already delivered before (no protoletter, but a stored letter). Bogus and
    /// unknown ids are left out.
    /// </returns>
    public async Task<IReadOnlyList<string>> DeliverAsync(IReadOnlyList<string> letterIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letterIds);
        var delivered = new List<string>();
        if (letterIds.Count == 0)
        {
            return delivered;
        }

        var recipients = new HashSet<string>(StringComparer.Ordinal);
        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        foreach (var id in letterIds.Distinct(StringComparer.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(id, nameof(letterIds));
            if (await batch.ScalarAsync(MailSql.GetProtoletterState, ("@id", id)) is not string state)
            {
                if (await LetterExistsAsync(batch, id))
                {
                    delivered.Add(id);
                }

                continue;
            }

            if (MailColumns.ParseState(state) == ProtoletterState.Bogus)
            {
                continue;
            }

            await using (var reader = await batch.ReaderAsync(MailSql.GetProtoletterRecipients, ("@id", id)))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    recipients.Add(reader.GetString(0));
                }
            }

            await batch.ExecuteAsync(MailSql.CopyProtoletterToLetters, ("@id", id));
            await batch.ExecuteAsync(MailSql.InsertInboxRows, ("@id", id));
            await batch.ExecuteAsync(MailSql.DeleteEarlyReadsOfLetter, ("@id", id));
            await batch.ExecuteAsync(MailSql.DeleteProtoletterRecipients, ("@id", id));
            await batch.ExecuteAsync(MailSql.DeleteProtoletter, ("@id", id));

            // Without this, a recipient's Delete that overtook the delivery would leave a body no inbox references,
            // and this replica would differ from one that delivered first and deleted afterwards.
            await batch.ExecuteAsync(MailSql.ReclaimLetter, ("@id", id));
            delivered.Add(id);
        }

        await batch.CommitAsync();
        RaiseInboxesChanged(recipients);
        return delivered;
    }

    /// <summary>The WorkSpace scan for one user: protoletters, bogus or valid, that will reach <paramref name="user"/>, oldest first.</summary>
    public async Task<IReadOnlyList<(string LetterId, ProtoletterState State)>> FindProtolettersForUserAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.FindProtolettersForUser, ("@user", user));
        var found = new List<(string, ProtoletterState)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetString(0), MailColumns.ParseState(reader.GetString(1))));
        }

        return found;
    }

    /// <summary>The states of those of <paramref name="letterIds"/> still in the WorkSpace, in the order asked; absent ones are left out.</summary>
    public async Task<IReadOnlyList<(string LetterId, ProtoletterState State)>> GetProtoletterStatesAsync(
        IEnumerable<string> letterIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letterIds);
        var asked = letterIds.Distinct(StringComparer.Ordinal).ToList();
        var states = new Dictionary<string, ProtoletterState>(StringComparer.Ordinal);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        foreach (var chunk in KeyChunks.Of(asked))
        {
            await using var reader = await batch.ReaderAsync(MailSql.GetProtoletterStates, chunk);
            while (await reader.ReadAsync(cancellationToken))
            {
                states[reader.GetString(0)] = MailColumns.ParseState(reader.GetString(1));
            }
        }

        return asked.Where(states.ContainsKey).Select(id => (id, states[id])).ToList();
    }

    /// <summary>At rebirth: deletes the bogus protoletters, which the Master never acknowledged.</summary>
    /// <returns>How many were dropped.</returns>
    public async Task<int> DropBogusAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.WriteAsync(_database, cancellationToken);
        await batch.ExecuteAsync(MailSql.DeleteBogusRecipients);
        var dropped = await batch.ExecuteAsync(MailSql.DeleteBogus);
        await batch.CommitAsync();
        return dropped;
    }

    /// <summary>A whole letter this machine holds: delivered, in the WorkSpace (any state), or in the Master's records.</summary>
    public async Task<Letter?> FindLetterAsync(string letterId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letterId);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        foreach (var sql in new[] { MailSql.FindLetter, MailSql.FindProtoletter })
        {
            await using var reader = await batch.ReaderAsync(sql, ("@id", letterId));
            if (await reader.ReadAsync(cancellationToken))
            {
                return new Letter(MailColumns.ReadHeader(reader), reader.GetString(7));
            }
        }

        await using var master = await batch.ReaderAsync(MailSql.FindMasterLetter, ("@id", letterId));
        return await master.ReadAsync(cancellationToken)
            ? new Letter(MailColumns.ParseHeader(master.GetString(0)), master.GetString(1))
            : null;
    }

    /// <summary>The id of the letter stored under <paramref name="submissionKey"/>: delivered, in the WorkSpace, or in the Master's records.</summary>
    public async Task<string?> FindLetterIdBySubmissionAsync(string submissionKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submissionKey);
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        foreach (var sql in new[] { MailSql.LetterIdBySubmission, MailSql.ProtoletterIdBySubmission, MailSql.MasterLetterIdBySubmission })
        {
            if (await batch.ScalarAsync(sql, ("@key", submissionKey)) is string id)
            {
                return id;
            }
        }

        return null;
    }

    private static async Task<bool> LetterExistsAsync(MailBatch batch, string letterId)
        => MailColumns.ToInt64(await batch.ScalarAsync(MailSql.LetterExists, ("@id", letterId))) > 0;

    // A new protoletter and its recipient rows; nothing if one with this id is already there.
    private static async Task InsertProtoletterAsync(MailBatch batch, Letter letter, ProtoletterState state)
    {
        if (await batch.ExecuteAsync(MailSql.InsertProtoletter, [("@state", MailColumns.FormatState(state)), .. MailColumns.LetterParameters(letter)]) == 0)
        {
            return;
        }

        foreach (var chunk in KeyChunks.Of(letter.Header.To, ("@id", letter.Header.Id)))
        {
            await batch.ExecuteAsync(MailSql.InsertProtoletterRecipients, chunk);
        }
    }
}

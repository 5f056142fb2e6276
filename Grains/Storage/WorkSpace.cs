using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>
/// The WorkSpace (sections 5, 7 and 10.2): protoletters waiting for delivery on this machine, bogus until the Master
/// has the letter, then valid, and their delivery into the letters and inboxes. Each call is one transaction.
/// </summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
/// <param name="letters">Where a protoletter that was delivered meanwhile is found.</param>
/// <param name="changes">Told which users' inboxes a committed delivery touched.</param>
public sealed class WorkSpace(ISiloDatabase database, Letters letters, InboxChanges changes)
{
    /// <summary>
    /// The origin machine's first write of a new letter: a bogus protoletter, dropped if the machine restarts before
    /// the Master has the letter. Writing the same letter again, even after it was delivered, changes nothing.
    /// </summary>
    public async Task InsertBogusAsync(Letter letter, CancellationToken cancellationToken = default)
    {
        MailColumns.Validate(letter, nameof(letter));
        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        if (!await Letters.ExistsAsync(batch, letter.Header.Id))
        {
            await InsertAsync(batch, letter, ProtoletterState.Bogus);
        }

        await batch.CommitAsync();
    }

    /// <summary>Up to <paramref name="max"/> valid protoletters, with bodies, oldest first.</summary>
    public async Task<IReadOnlyList<Protoletter>> GetValidProtolettersAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetValidProtoletters, ("@max", max));
        var protoletters = new List<Protoletter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            protoletters.Add(new Protoletter(new Letter(MailColumns.ReadHeader(reader), MailColumns.ReadMessage(reader, 7)), ProtoletterState.Valid));
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
        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        foreach (var id in letterIds.Distinct(StringComparer.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(id, nameof(letterIds));
            if (await batch.ScalarAsync(MailSql.GetProtoletterState, ("@id", id)) is not string state)
            {
                if (await Letters.ExistsAsync(batch, id))
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

            var (stored, bytes) = await batch.ExecuteSummingAsync(MailSql.CopyProtoletterToLetters, ("@id", id));
            batch.Change.Letters += stored;
            batch.Change.LetterBytes += bytes;
            batch.Change.InboxEntries += await batch.ExecuteAsync(MailSql.InsertInboxRows, ("@id", id));
            await batch.ExecuteAsync(MailSql.AdvanceUidNextPastDeleted, ("@id", id));
            await batch.ExecuteAsync(MailSql.DeleteEarlyReadsOfLetter, ("@id", id));
            await batch.ExecuteAsync(MailSql.DeleteEarlyFlagsOfLetter, ("@id", id));
            await batch.ExecuteAsync(MailSql.DeleteProtoletterRecipients, ("@id", id));
            batch.Change.Protoletters -= await batch.ExecuteAsync(MailSql.DeleteProtoletter, ("@id", id));

            // Without this, a recipient's Delete that overtook the delivery would leave a body no inbox references,
            // and this replica would differ from one that delivered first and deleted afterwards.
            await Letters.ReclaimAsync(batch, id);
            delivered.Add(id);
        }

        await batch.CommitAsync();
        changes.Raise(recipients);
        return delivered;
    }

    /// <summary>The WorkSpace scan for one user: protoletters, bogus or valid, that will reach <paramref name="user"/>, oldest first.</summary>
    public async Task<IReadOnlyList<(string LetterId, ProtoletterState State)>> FindProtolettersForUserAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
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
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
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
        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        await batch.ExecuteAsync(MailSql.DeleteBogusRecipients);
        var dropped = await batch.ExecuteAsync(MailSql.DeleteBogus);
        batch.Change.Protoletters -= dropped;
        await batch.CommitAsync();
        return dropped;
    }

    // A new protoletter and its recipient rows; nothing if one with this id is already there.
    internal static async Task InsertAsync(MailBatch batch, Letter letter, ProtoletterState state)
    {
        if (await batch.ExecuteAsync(MailSql.InsertProtoletter, [("@state", MailColumns.FormatState(state)), .. MailColumns.LetterParameters(letter)]) == 0)
        {
            return;
        }

        batch.Change.Protoletters++;

        await InsertRecipientsAsync(batch, letter.Header);
    }

    /// <summary>
    /// A protoletter's recipient rows, each with its UID when the header has them (the Master ordered the letter);
    /// rows already there are replaced, so the origin's bogus copy takes the UIDs its MarkValid brings.
    /// </summary>
    internal static async Task InsertRecipientsAsync(MailBatch batch, LetterHeader header)
    {
        if (header.Uids is null)
        {
            foreach (var chunk in KeyChunks.Of(header.To, ("@id", header.Id)))
            {
                await batch.ExecuteAsync(MailSql.InsertProtoletterRecipients, chunk);
            }

            return;
        }

        var pairs = header.RecipientUids();
        if (pairs.Count == 0)
        {
            return;
        }

        await batch.ExecuteAsync(MailSql.DeleteProtoletterRecipients, ("@id", header.Id));
        foreach (var chunk in KeyChunks.OfPairs(pairs, ("@id", header.Id)))
        {
            await batch.ExecuteAsync(MailSql.InsertProtoletterRecipientsWithUids, chunk);
        }
    }

    /// <summary>Writes a group of new letters as bogus protoletters in one transaction (group commit).</summary>
    public async Task InsertBogusAsync(IReadOnlyList<Letter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        foreach (var letter in letters)
        {
            MailColumns.Validate(letter, nameof(letters));
        }

        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        foreach (var letter in letters)
        {
            if (!await Letters.ExistsAsync(batch, letter.Header.Id))
            {
                await InsertAsync(batch, letter, ProtoletterState.Bogus);
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
        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        await batch.ExecuteAsync(MailSql.DeleteProtoletterRecipients, ("@id", letterId));
        batch.Change.Protoletters -= await batch.ExecuteAsync(MailSql.DeleteProtoletter, ("@id", letterId));
        await batch.CommitAsync();
    }

    /// <summary>The protoletter in this machine's WorkSpace with this submission key, if any (an earlier attempt of the same send).</summary>
    public async Task<Letter?> FindProtoletterBySubmissionAsync(string submissionKey, CancellationToken cancellationToken = default)
    {
        string? id;
        await using (var batch = await MailBatch.ReadAsync(database, cancellationToken))
        {
            id = await batch.ScalarAsync(MailSql.ProtoletterIdBySubmission, ("@key", submissionKey)) as string;
        }

        return id is null ? null : await letters.FindLetterAsync(id, cancellationToken);
    }
}

using Maildriver.Grains.Mime;

namespace Maildriver.Grains.Storage;

/// <summary>Writes a snapshot's rows into the mail tables of one write transaction, each table in batches.</summary>
/// <param name="batch">The write transaction.</param>
/// <param name="provider">The database's engine, which decides how many rows one statement carries.</param>
/// <param name="domain">The mail domain a format-1 snapshot's letters are written with when they become messages.</param>
internal sealed class SnapshotInserts(MailBatch batch, string provider, MailDomain domain)
{
    private readonly BatchedInsert _users = new(provider, "users", "user_key", "name", "password_hash", "is_admin", "uid_validity", "uid_next");
    private readonly BatchedInsert _lists = new(provider, "lists", "name", "members");
    private readonly BatchedInsert _letters = new(provider, "letters", "letter_key", MailColumns.Header, "body");
    private readonly BatchedInsert _inbox = new(provider, "inbox", "user_key", "letter_key", "is_read", "uid", "flags");
    private readonly BatchedInsert _tombstones = new(provider, "tombstones", "letter_id", "user_name");
    private readonly BatchedInsert _earlyReads = new(provider, "early_reads", "letter_id", "user_name");
    private readonly BatchedInsert _earlyFlags = new(provider, "early_flags", "letter_id", "user_name", "flags");

    // Rows go in in file order, which is the source's seq order, so the new seq numbers keep the WorkSpace's order.
    private readonly BatchedInsert _protoletters = new(provider, "protoletters", "state", MailColumns.Header, "body");
    private readonly BatchedInsert _recipients = new(provider, "protoletter_recipients", "letter_id", "user_name", "uid");

    // The store's integer keys, numbered here as the rows come (the tables are empty), so that each inbox row can be
    // given its user's and letter's keys: a snapshot names them, as the keys are the exporting machine's own.
    private readonly Dictionary<string, long> _userKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _letterKeys = new(StringComparer.Ordinal);

    /// <summary>Adds one row.</summary>
    public Task AddAsync(SnapshotRow row) => row switch
    {
        UserRow u => _users.AddAsync(batch, KeyOf(_userKeys, u.Name), u.Name, u.PasswordHash, MailColumns.FormatFlag(u.IsAdmin), u.UidValidity, u.UidNext),
        ListRow l => _lists.AddAsync(batch, l.Name, MailColumns.FormatNames(l.Members)),
        LetterRow l => AddLetterAsync(l),
        InboxRow i => _inbox.AddAsync(batch, KnownKey(_userKeys, i.User, "user"), KnownKey(_letterKeys, i.Letter, "letter"), MailColumns.FormatFlag(i.Read), i.Uid, (long)i.Flags),
        TombstoneRow t => _tombstones.AddAsync(batch, t.Letter, t.User),
        EarlyReadRow e => _earlyReads.AddAsync(batch, e.Letter, e.User),
        EarlyFlagsRow f => _earlyFlags.AddAsync(batch, f.Letter, f.User, (long)f.Flags),
        ProtoletterRow p => AddProtoletterAsync(p),
        _ => throw new ArgumentOutOfRangeException(nameof(row), row.GetType().Name, "not a row of the mail tables"),
    };

    /// <summary>Inserts whatever is still buffered.</summary>
    public async Task FlushAsync()
    {
        foreach (var insert in new[] { _users, _lists, _letters, _inbox, _tombstones, _earlyReads, _earlyFlags, _protoletters, _recipients })
        {
            await insert.FlushAsync(batch);
        }
    }

    private Task AddLetterAsync(LetterRow l)
    {
        var message = MessageOf(l.Id, l.From, l.To, l.Subject, l.SentAt, l.Message, l.Body);
        return _letters.AddAsync(batch, KeyOf(_letterKeys, l.Id), l.Id, l.From, MailColumns.FormatNames(l.To), l.Subject, l.SentAt, l.SubmissionKey, (long)message.Length, message);
    }

    private async Task AddProtoletterAsync(ProtoletterRow p)
    {
        var message = MessageOf(p.Id, p.From, p.To, p.Subject, p.SentAt, p.Message, p.Body);
        await _protoletters.AddAsync(
            batch, MailColumns.FormatState(Grains.Protocol.ProtoletterState.Valid), p.Id, p.From, MailColumns.FormatNames(p.To), p.Subject, p.SentAt,
            p.SubmissionKey, (long)message.Length, message);
        for (var i = 0; i < p.Recipients.Count; i++)
        {
            await _recipients.AddAsync(batch, p.Id, p.Recipients[i], p.Uids?[i] ?? 0L);
        }
    }

    // A name seen twice keeps its first key; the second row then breaks the table's unique name, as it should.
    private static long KeyOf(Dictionary<string, long> keys, string name)
    {
        if (!keys.TryGetValue(name, out var key))
        {
            keys[name] = key = keys.Count + 1;
        }

        return key;
    }

    private static long KnownKey(Dictionary<string, long> keys, string name, string what)
        => keys.TryGetValue(name, out var key)
            ? key
            : throw new InvalidDataException($"The snapshot contradicts itself (an inbox row names the {what} '{name}', which it does not hold); nothing was changed.");

    // A format-1 row has the text alone: it becomes the message the store's migration 4 would have made of it.
    private byte[] MessageOf(string id, string from, IReadOnlyList<string> to, string subject, string sentAt, byte[]? message, string? body)
        => message ?? LegacyBodies.ToMessage(domain, id, from, to, subject, MailColumns.ParseTime(sentAt), body!);
}
